using System.Diagnostics;
using Microsoft.Extensions.Logging;
using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// The host collectors behind <c>/metrics</c>: on each scrape the collectors run on a worker thread (another joins when
/// one hangs), bounded by the collector timeout; the output of the ones that succeeded is written in family-name order (as
/// node_exporter's registry sorts it), followed by node_exporter's per-collector duration and success.
/// A collector that fails, hangs or throws fails alone; its state is logged when it changes.
/// </summary>
internal sealed class HostMetricSource : IMetricSource
{
    private static readonly MetricFamily DurationFamily =
        new("node_scrape_collector_duration_seconds", "node_exporter: Duration of a collector scrape.", MetricType.Gauge);

    private static readonly MetricFamily SuccessFamily =
        new("node_scrape_collector_success", "node_exporter: Whether a collector succeeded.", MetricType.Gauge);

    // A lane inside one run this long is taken for hung, and another lane takes over the remaining collectors.
    private static readonly TimeSpan StallTime = TimeSpan.FromMilliseconds(100);

    private readonly CollectorRun[] _runs;
    private readonly WorkerThreads _workers;
    private readonly List<CollectorLane> _lanes = [];
    private readonly TimeSpan _timeout;
    private readonly ILogger _logger;
    private readonly Lock _scrapeLock = new();
    private readonly RecordingMetricWriter _meta = new();
    private readonly List<FamilyRef> _families = [];
    private readonly List<FamilyRef> _lastUnsorted = [];
    private readonly List<FamilyRef> _sorted = [];
    private readonly HashSet<string> _reportedDuplicates = new(StringComparer.Ordinal);
    private readonly double[] _seconds;
    private readonly bool[] _succeeded;
    private readonly Label[] _label = new Label[1];

    public HostMetricSource(IEnumerable<IHostCollector> collectors, TimeSpan timeout, ILogger logger)
    {
        _runs = [.. collectors.OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => new CollectorRun(c))];
        _timeout = timeout;
        _logger = logger;

        // A collector is never run twice at once, so one thread each (plus one working lane) is the most that can be blocked.
        _workers = new WorkerThreads("host-collector", _runs.Length + 1);
        _seconds = new double[_runs.Length];
        _succeeded = new bool[_runs.Length];
    }

    public IEnumerable<string> CollectorNames => _runs.Select(r => r.Collector.Name);

    public void Collect(IMetricWriter writer)
    {
        // One scrape at a time: each collector's recorded output is reused by the next scrape.
        lock (_scrapeLock)
        {
            var start = Stopwatch.GetTimestamp();
            var round = new ScrapeRound();
            Span<bool> started = stackalloc bool[_runs.Length];
            var pending = new CollectorRun[_runs.Length];
            var count = 0;
            for (var i = 0; i < _runs.Length; i++)
            {
                started[i] = _runs[i].TryStart(round);
                if (started[i])
                {
                    pending[count++] = _runs[i];
                }
            }

            RunLanes(new LaneWork(pending, count), round);
            var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            _families.Clear();
            for (var i = 0; i < _runs.Length; i++)
            {
                var run = _runs[i];
                var finished = started[i] && ReferenceEquals(run.FinishedIn, round);
                _succeeded[i] = finished && run.Succeeded;
                _seconds[i] = finished ? run.Seconds : elapsed;
                var failure = !started[i] ? "still running since an earlier scrape; a read is hanging"
                    : !finished ? $"did not finish within {PromDurationText()}"
                    : run.Failure;
                ReportChange(run, failure);
                if (_succeeded[i])
                {
                    for (var f = 0; f < run.Output.Families.Count; f++)
                    {
                        // Like a Prometheus registry, a family without samples is not exposed at all.
                        if (run.Output.FamilySampleCount(f) == 0)
                        {
                            continue;
                        }

                        _families.Add(new FamilyRef(run.Output.Families[f].Name, run, f, Rank(i)));
                    }
                }
            }

            WriteSorted(writer);
        }
    }

    /// <summary>
    /// Runs the scrape's collectors on one lane, adding a lane whenever every lane on this work has been inside one
    /// run for longer than <see cref="StallTime"/>, until all finished or the collector timeout passed.
    /// </summary>
    private void RunLanes(LaneWork work, ScrapeRound round)
    {
        var deadline = Environment.TickCount64 + (long)_timeout.TotalMilliseconds;
        StartLane(work);
        while (true)
        {
            var remaining = deadline - Environment.TickCount64;
            if (remaining <= 0 || round.Wait(TimeSpan.FromMilliseconds(Math.Min(remaining, StallTime.TotalMilliseconds))))
            {
                return;
            }

            if (work.HasRemaining && AllLanesStalled(work))
            {
                StartLane(work);
            }
        }
    }

    private bool AllLanesStalled(LaneWork work)
    {
        var now = Environment.TickCount64;
        foreach (var lane in _lanes)
        {
            if (lane.IsOn(work) && (lane.RunStarted == 0 || now - lane.RunStarted < StallTime.TotalMilliseconds))
            {
                return false;
            }
        }

        return true;
    }

    private void StartLane(LaneWork work)
    {
        foreach (var lane in _lanes)
        {
            if (lane.TryStart(work, _workers))
            {
                return;
            }
        }

        var added = new CollectorLane();
        _lanes.Add(added);
        added.TryStart(work, _workers);
    }

    private void WriteSorted(IMetricWriter writer)
    {
        _meta.Clear();
        _meta.WriteFamily(DurationFamily);
        for (var i = 0; i < _runs.Length; i++)
        {
            _label[0] = new Label("collector", _runs[i].Collector.Name);
            _meta.WriteSample(DurationFamily.Name, _label, _seconds[i]);
        }

        _meta.WriteFamily(SuccessFamily);
        for (var i = 0; i < _runs.Length; i++)
        {
            _label[0] = new Label("collector", _runs[i].Collector.Name);
            _meta.WriteSample(SuccessFamily.Name, _label, _succeeded[i] ? 1 : 0);
        }

        _families.Add(new FamilyRef(DurationFamily.Name, null, 0, -1));
        _families.Add(new FamilyRef(SuccessFamily.Name, null, 1, -1));
        SortFamilies();
        string? previous = null;
        foreach (var family in _sorted)
        {
            if (string.Equals(family.Name, previous, StringComparison.Ordinal))
            {
                // Two collectors (a textfile among them) wrote one family: keep the first, as a registry would refuse the second.
                if (_reportedDuplicates.Add(family.Name))
                {
                    Log.DuplicateFamily(_logger, family.Name, family.Run!.Collector.Name);
                }

                continue;
            }

            previous = family.Name;
            (family.Run?.Output ?? _meta).ReplayFamilyTo(family.Index, writer);
        }
    }

    /// <summary>
    /// Sorts the scrape's families by name (then rank, so duplicates are adjacent and the winner first) into
    /// <see cref="_sorted"/>. Collectors write the same families in the same order scrape after scrape, so when the
    /// list equals the last one the last order is kept without sorting again.
    /// </summary>
    private void SortFamilies()
    {
        if (_families.Count == _lastUnsorted.Count)
        {
            var same = true;
            for (var i = 0; i < _families.Count && same; i++)
            {
                var (a, b) = (_families[i], _lastUnsorted[i]);
                same = ReferenceEquals(a.Name, b.Name) && ReferenceEquals(a.Run, b.Run) && a.Index == b.Index && a.Rank == b.Rank;
            }

            if (same)
            {
                return;
            }
        }

        _lastUnsorted.Clear();
        _lastUnsorted.AddRange(_families);
        _sorted.Clear();
        _sorted.AddRange(_families);
        _sorted.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name) is var byName && byName != 0 ? byName : a.Rank.CompareTo(b.Rank));
    }

    private void ReportChange(CollectorRun run, string? failure)
    {
        if (string.Equals(failure, run.ReportedFailure, StringComparison.Ordinal))
        {
            return;
        }

        if (failure is null)
        {
            Log.CollectorRecovered(_logger, run.Collector.Name);
        }
        else
        {
            Log.CollectorFailed(_logger, run.Collector.Name, failure);
        }

        run.ReportedFailure = failure;
    }

    private string PromDurationText() => Config.PromDuration.Format(_timeout);

    /// <summary>Which of two collectors writing one family wins: the runner's own first, then by name, textfile last.</summary>
    private int Rank(int run) => _runs[run].Collector is TextfileCollector ? _runs.Length : run;

    private readonly record struct FamilyRef(string Name, CollectorRun? Run, int Index, int Rank);
}
