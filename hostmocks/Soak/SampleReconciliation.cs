namespace HostMocks.Soak;

/// <summary>
/// Reconciles the tracked counter in Prometheus (<see cref="SoakFaults.SelfRounds"/>, one sample per self-scrape,
/// counting 1, 2, 3, ... in each run of the process) with the faults: a missing round inside a full-disk window is a
/// drop the collector counted; any other missing round is lost, and so is a round the collector had scraped before a
/// SIGKILL (or before the final stop) that is not there. A timestamp seen twice is a duplicate.
/// </summary>
internal sealed record SampleReconciliation(long Samples, long Runs, long Lost, long DroppedCounted, long Duplicates, List<string> Problems)
{
    private const long DueSlackMs = 2_500;

    public static SampleReconciliation From(IReadOnlyList<(long TimestampMs, double Value)> samples, IReadOnlyList<SoakFaultWindow> faults, double finalRounds)
    {
        var problems = new List<string>();
        var diskFull = faults.Where(f => f.Name == SoakFaults.DiskFull).ToList();
        var kills = faults.Where(f => f.Name == SoakFaults.Sigkill).ToList();
        long lost = 0, dropped = 0, duplicates = 0, runs = 0;
        var lastOfRun = new List<(long TimestampMs, double Value)>();

        // The k rounds missing between two samples fell due evenly between them; those due while the disk was full
        // (give or take a scrape interval) were refused by the disk and counted, the others are lost.
        void Missing(long count, long fromMs, long toMs, string where)
        {
            long unexcused = 0;
            for (var k = 1; k <= count; k++)
            {
                var dueMs = fromMs + ((toMs - fromMs) * k / (count + 1));
                if (diskFull.Any(f => f.StartMs - DueSlackMs <= dueMs && dueMs <= f.EndMs + DueSlackMs))
                {
                    dropped++;
                }
                else
                {
                    unexcused++;
                }
            }

            if (unexcused > 0)
            {
                lost += unexcused;
                problems.Add($"{unexcused} round(s) missing {where} between {fromMs} and {toMs}");
            }
        }

        for (var i = 0; i < samples.Count; i++)
        {
            var (ts, value) = samples[i];
            if (i == 0 || value < samples[i - 1].Value)
            {
                if (i > 0)
                {
                    lastOfRun.Add(samples[i - 1]);
                    if (!kills.Any(k => k.StartMs >= samples[i - 1].TimestampMs && k.EndMs <= ts + 1_000))
                    {
                        problems.Add($"the counter went back from {samples[i - 1].Value} to {value} at {ts} without a restart");
                    }
                }

                runs++;
                Missing((long)value - 1, i > 0 ? samples[i - 1].TimestampMs : ts, ts, "at the start of a run");
                continue;
            }

            var previous = samples[i - 1];
            if (ts <= previous.TimestampMs || value == previous.Value)
            {
                duplicates++;
                continue;
            }

            Missing((long)(value - previous.Value) - 1, previous.TimestampMs, ts, "within a run");
        }

        if (samples.Count > 0)
        {
            lastOfRun.Add(samples[^1]);
        }

        // What each run had scraped when it was killed (or stopped) must be there: the WAL outlives SIGKILL.
        var ends = kills.Select(k => (k.StartMs, k.RoundsBeforeKill ?? 0)).Append((long.MaxValue, finalRounds)).ToList();
        for (var run = 0; run < Math.Min(ends.Count, lastOfRun.Count); run++)
        {
            var (endMs, scraped) = ends[run];
            Missing((long)(scraped - 1 - lastOfRun[run].Value), lastOfRun[run].TimestampMs, Math.Min(endMs, lastOfRun[run].TimestampMs + 60_000), $"at the end of run {run + 1}");
        }

        if (runs != kills.Count + 1)
        {
            problems.Add($"{runs} runs in Prometheus for {kills.Count + 1} starts of the collector");
        }

        return new SampleReconciliation(samples.Count, runs, lost, dropped, duplicates, problems);
    }
}
