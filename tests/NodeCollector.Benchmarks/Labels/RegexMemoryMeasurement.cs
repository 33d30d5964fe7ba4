using System.Text.RegularExpressions;
using NodeCollector.Labels;

namespace NodeCollector.Benchmarks.Labels;

/// <summary>
/// <c>-- regex-memory [N]</c>: the managed memory N copies of the demo node's relabel rules keep (the fourteen rule
/// patterns of its scrape jobs, six distinct), compiled once per rule with .NET's linear-time engine as before, and
/// through <see cref="Re2Regex"/>, which shares one compiled regex per pattern; with the backtracking engine for scale.
/// Each figure is the heap after a full collection, with the regexes held, minus the heap before, after one match each.
/// </summary>
internal static class RegexMemoryMeasurement
{
    private static readonly string[] DemoRulePatterns =
    [
        "(.*)", "(.*)", "(.*)", "(.*)", "true", "true", "__meta_kubernetes_pod_label_(.+)", "__meta_kubernetes_pod_label_(.+)",
        "(https?)", "(https?)", @"([^:]+)(?::\d+)?;(\d+)", @"([^:]+)(?::\d+)?;(\d+)", "(.+)", "(.+)",
    ];

    public static void Run(int copies)
    {
        Console.WriteLine($"regex-memory: {copies} cop{(copies == 1 ? "y" : "ies")} of {DemoRulePatterns.Length} rule patterns ({DemoRulePatterns.Distinct().Count()} distinct)");
        Measure("compiled per rule, non-backtracking", copies, p => Compile(p, RegexOptions.NonBacktracking));
        Measure("compiled per rule, backtracking", copies, p => Compile(p, RegexOptions.None));
        Measure("Re2Regex (shared per pattern)", copies, p => Re2Regex.TryCreateAnchored(p, out var regex, out var error) ? regex!.Regex : throw new InvalidOperationException(error));
    }

    private static Regex Compile(string pattern, RegexOptions engine) =>
        new("^(?:" + pattern + ")\\z", engine | RegexOptions.Singleline | RegexOptions.CultureInvariant);

    private static void Measure(string name, int copies, Func<string, Regex> compile)
    {
        var before = SettledHeap();
        var held = new List<Regex>();
        for (var copy = 0; copy < copies; copy++)
        {
            foreach (var pattern in DemoRulePatterns)
            {
                var regex = compile(pattern);
                regex.IsMatch("__meta_kubernetes_pod_label_app;8080");
                held.Add(regex);
            }
        }

        var kept = SettledHeap() - before;
        Console.WriteLine($"  {name,-38} {kept / 1024.0,9:F0} KiB kept, {kept / (double)held.Count / 1024,7:F1} KiB per rule");
        GC.KeepAlive(held);
    }

    private static long SettledHeap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
