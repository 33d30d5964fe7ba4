using System.Globalization;
using System.Text;
using NodeCollector.Config;

namespace HostMocks.Soak;

/// <summary>The soak's outcome: what was held, what was injected, what was lost; printed as one table.</summary>
internal sealed record SoakReport(
    SoakOptions Options,
    string Load,
    IReadOnlyList<SoakFaultWindow> Faults,
    SampleReconciliation Samples,
    LineReconciliation Lines,
    PodReconciliation Pods,
    long PeakRssBytes,
    double CpuSeconds,
    int ExitCode,
    string LoadAverage)
{
    public long RssLimit => Options.MemoryBudget + Options.Overhead;

    /// <summary>Why the run failed; empty when nothing was lost and every check held.</summary>
    public IReadOnlyList<string> Failures
    {
        get
        {
            var failures = new List<string>();
            if (Samples.Lost > 0 || Samples.Problems.Count > 0)
            {
                failures.Add($"samples: {Samples.Lost} lost; " + string.Join("; ", Samples.Problems.Take(5)));
            }

            if (Lines.Lost > 0)
            {
                failures.Add($"lines: {Lines.Lost} of {Lines.Written} lost, e.g. \"{Lines.FirstLost}\"");
            }

            if (!Pods.Matches)
            {
                failures.Add($"pods: missing [{string.Join(", ", Pods.Missing.Take(3))}], extra [{string.Join(", ", Pods.Extra.Take(3))}]");
            }

            if (PeakRssBytes > RssLimit)
            {
                failures.Add($"peak RSS {Mib(PeakRssBytes)} over memory_budget + overhead {Mib(RssLimit)}");
            }

            if (ExitCode != 0)
            {
                failures.Add($"the collector exited with {ExitCode} on SIGTERM");
            }

            return failures;
        }
    }

    public override string ToString()
    {
        var faults = string.Join(", ", Faults.GroupBy(f => f.Name).Select(g => g.Count() + "x " + g.Key));
        var rows = new (string, string)[]
        {
            ("duration", PromDuration.Format(Options.Duration) + $" (a fault every {PromDuration.Format(Options.Slot)}, outages held {PromDuration.Format(Options.Hold)})"),
            ("load held", Load),
            ("faults injected", $"{Faults.Count}: {faults}"),
            ("samples lost", $"{Samples.Lost} of {Samples.Samples + Samples.Lost + Samples.DroppedCounted} self-scrape rounds over {Samples.Runs} runs; dropped on a full disk (counted by the collector): {Samples.DroppedCounted}"),
            ("lines lost", $"{Lines.Lost} of {Lines.Written}; rejected by Loki: {Lines.Rejected}"),
            ("duplicates", $"lines {Lines.Duplicates}, samples {Samples.Duplicates}"),
            ("pods", Pods.Matches ? $"status page = fake API ({Pods.Expected} pods on the node)" : $"status page {Pods.Shown} vs API {Pods.Expected}: differ"),
            ("peak RSS", $"{Mib(PeakRssBytes)} (memory_budget {Mib(Options.MemoryBudget)} + overhead {Mib(Options.Overhead)} = {Mib(RssLimit)})"),
            ("CPU seconds", CpuSeconds.ToString("F1", CultureInfo.InvariantCulture) + $" (load average at the end: {LoadAverage})"),
            ("result", Failures.Count == 0 ? "PASS" : "FAIL: " + string.Join(" | ", Failures)),
        };
        var width = rows.Max(r => r.Item1.Length);
        var text = new StringBuilder();
        text.Append("| ").Append("what".PadRight(width)).Append(" | value |\n|").Append('-', width + 2).Append("|-------|\n");
        foreach (var (what, value) in rows)
        {
            text.Append("| ").Append(what.PadRight(width)).Append(" | ").Append(value).Append(" |\n");
        }

        return text.ToString();
    }

    private static string Mib(long bytes) => (bytes / 1048576.0).ToString("F0", CultureInfo.InvariantCulture) + " MiB";
}
