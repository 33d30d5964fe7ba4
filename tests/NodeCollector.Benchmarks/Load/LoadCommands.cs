using System.Globalization;

namespace NodeCollector.Benchmarks.Load;

/// <summary>
/// <c>-- load</c>: one run (defaults: NodeCollector, 200 targets x 1,000 series every 15 s for 2 minutes).
/// <c>-- capacity</c>: doubles the targets from <c>--targets</c> until scrapes miss their interval or peak RSS passes
/// <c>--memory-budget-mib</c> (default 256, the default <c>limits.memory_budget</c>), on CPU 0 and on CPUs 0,1.
/// <c>-- side-by-side</c>: the same load with NodeCollector and with Prometheus in agent mode, and the ratios.
/// Options: <c>--collector --targets --series --interval --duration --cpus --memory-budget-mib --env</c>; <c>--collector</c> is
/// <c>nodecollector</c> (the assembly built beside the benchmarks, run with <c>dotnet</c>), <c>prometheus-agent</c>, or the
/// path of a published collector (<c>build/publish.sh</c>), which <c>side-by-side</c> then runs as its NodeCollector.
/// </summary>
internal static class LoadCommands
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var settings = LoadSettings.Parse(args);
        Console.WriteLine($"load: {LoadAverage()}");
        switch (args[0])
        {
            case "load":
                Console.WriteLine(await LoadRun.RunAsync(settings));
                break;
            case "capacity":
                foreach (var cpus in new[] { "0", "0,1" })
                {
                    await CapacityAsync(settings with { Cpus = cpus });
                }

                break;
            case "side-by-side":
                var ours = await LoadRun.RunAsync(settings.Collector == "prometheus-agent" ? settings with { Collector = "nodecollector" } : settings);
                Console.WriteLine(ours);
                var agent = await LoadRun.RunAsync(settings with { Collector = "prometheus-agent" });
                Console.WriteLine(agent);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"NodeCollector / Prometheus agent: CPU {ours.CpuSecondsPerMinute / agent.CpuSecondsPerMinute:F2}, peak RSS {(double)ours.PeakRssBytes / agent.PeakRssBytes:F2}"));
                break;
        }

        Console.WriteLine($"load: {LoadAverage()}");
        return 0;
    }

    private static async Task CapacityAsync(LoadSettings settings)
    {
        LoadResult? held = null;
        for (var targets = settings.Targets; ; targets *= 2)
        {
            var result = await LoadRun.RunAsync(settings with { Targets = targets });
            Console.WriteLine("  " + result + (result.Held ? "" : " -> not held"));
            if (!result.Held)
            {
                break;
            }

            held = result;
        }

        Console.WriteLine(held is null
            ? $"capacity on cpus {settings.Cpus}: not even {settings.Targets} targets held"
            : $"capacity on cpus {settings.Cpus}: {held.Settings.Targets} targets x {settings.Series} series ({held.Settings.Targets * settings.Series} series every {Config.PromDuration.Format(settings.Interval)}) held");
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Trim();
}
