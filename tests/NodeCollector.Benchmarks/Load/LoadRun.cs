using System.Diagnostics;
using System.Globalization;
using System.Text;
using HostMocks.Soak;
using HostMocks.Targets;

namespace NodeCollector.Benchmarks.Load;

/// <summary>
/// Runs one collector (the NodeCollector binary, or Debian's Prometheus in agent mode) against the target simulator
/// with a static scrape config and remote write to a counting receiver, and measures the collector process: CPU
/// seconds per minute over the measured window (after one interval of warm-up), peak resident memory (VmHWM), and
/// whether every target was scraped every interval.
/// </summary>
internal static class LoadRun
{
    public static async Task<LoadResult> RunAsync(LoadSettings settings)
    {
        var dir = Directory.CreateTempSubdirectory("nodecollector-load-").FullName;
        await using var simulator = await TargetSimulator.StartAsync([], settings.Targets, settings.Series);
        await using var receiver = await CountingWriteReceiver.StartAsync();
        using var process = Start(settings, dir, simulator, receiver.Url);
        try
        {
            await Task.Delay(settings.Interval + TimeSpan.FromSeconds(5));
            Ensure(process);
            var cpuBefore = ProcessUsage.CpuTime(process.Id);
            var scrapesBefore = Scrapes(simulator);
            var bytesBefore = receiver.Bytes;
            var clock = Stopwatch.StartNew();
            await Task.Delay(settings.Duration);
            Ensure(process);
            var cpu = ProcessUsage.CpuTime(process.Id) - cpuBefore;
            var elapsed = clock.Elapsed;
            var scrapes = Scrapes(simulator);
            var expected = (int)Math.Floor(elapsed / settings.Interval);
            var missed = 0;
            for (var i = 0; i < scrapes.Length; i++)
            {
                missed += Math.Max(0, expected - 1 - (scrapes[i] - scrapesBefore[i]));
            }

            return new LoadResult(
                settings,
                cpu.TotalSeconds / elapsed.TotalMinutes,
                ProcessUsage.StatusBytes(process.Id, "VmHWM"),
                ProcessUsage.StatusBytes(process.Id, "VmRSS"),
                missed,
                (receiver.Bytes - bytesBefore) / elapsed.TotalSeconds);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static int[] Scrapes(TargetSimulator simulator) =>
        [.. Enumerable.Range(0, simulator.PathEndpoints).Select(simulator.ScrapesOfPath)];

    private static void Ensure(Process process)
    {
        if (process.HasExited)
        {
            throw new InvalidOperationException($"the collector exited with {process.ExitCode}");
        }
    }

    private static Process Start(LoadSettings settings, string dir, TargetSimulator simulator, string writeUrl)
    {
        var agent = settings.Collector == "prometheus-agent";
        var config = Path.Combine(dir, "config.yaml");
        File.WriteAllText(config, agent ? PrometheusConfig(settings, simulator, writeUrl) : NodeCollectorConfig(settings, dir, simulator, writeUrl));
        List<string> command = agent
            ? ["prometheus", "--enable-feature=agent", "--config.file=" + config, "--storage.agent.path=" + Path.Combine(dir, "agent"), "--web.listen-address=127.0.0.1:0", "--log.level=warn"]
            : [.. BenchProcess.Command(NodeCollectorPath(settings.Collector)), "--config", config, "--log.level", "warn"];
        if (settings.Cpus.Length > 0)
        {
            command.InsertRange(0, ["taskset", "-c", settings.Cpus]);
        }

        return BenchProcess.Start(command, settings.Environment, line => Console.Error.WriteLine("  [" + settings.Collector + "] " + line));
    }

    private static string StaticConfigs(LoadSettings settings, TargetSimulator simulator)
    {
        var text = new StringBuilder();
        for (var i = 0; i < settings.Targets; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"      - targets: [\"{simulator.Address}\"]\n        labels: {{__metrics_path__: \"{TargetSimulator.PathOf(i)}\", endpoint: \"{i}\"}}\n");
        }

        return text.ToString();
    }

    private static string Scrape(LoadSettings settings, TargetSimulator simulator) => $"""
        scrape_configs:
          - job_name: sim
            scrape_interval: {Config.PromDuration.Format(settings.Interval)}
            scrape_timeout: {Config.PromDuration.Format(settings.Interval < TimeSpan.FromSeconds(10) ? settings.Interval : TimeSpan.FromSeconds(10))}
            static_configs:
        {StaticConfigs(settings, simulator)}
        """;

    /// <summary>The <c>nodecollector.dll</c> built beside the benchmarks for <c>nodecollector</c>, else a published collector's path.</summary>
    private static string NodeCollectorPath(string collector) =>
        collector == "nodecollector" ? Path.Combine(AppContext.BaseDirectory, "nodecollector.dll")
        : File.Exists(collector) ? Path.GetFullPath(collector)
        : throw new ArgumentException($"unknown collector {collector} (nodecollector, prometheus-agent, or the path of a published nodecollector)");

    private static string NodeCollectorConfig(LoadSettings settings, string dir, TargetSimulator simulator, string writeUrl) => BenchCollectorConfig.EverythingOff("load-node") + $"""
        {Scrape(settings, simulator)}
        remote_write:
          - url: {writeUrl}
            metadata_config:
              send: false
        wal:
          dir: {Path.Combine(dir, "wal")}

        """;

    private static string PrometheusConfig(LoadSettings settings, TargetSimulator simulator, string writeUrl) => $"""
        {Scrape(settings, simulator)}
        remote_write:
          - url: {writeUrl}
            metadata_config:
              send: false

        """;
}

/// <summary>What one load run measured.</summary>
internal sealed record LoadResult(LoadSettings Settings, double CpuSecondsPerMinute, long PeakRssBytes, long RssBytes, int MissedScrapes, double BytesPerSecondSent)
{
    public bool Held => MissedScrapes == 0 && PeakRssBytes <= Settings.MemoryBudget;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Settings.Describe()}: CPU {CpuSecondsPerMinute:F2} s/min, peak RSS {PeakRssBytes / 1048576.0:F0} MiB (now {RssBytes / 1048576.0:F0} MiB), missed scrapes {MissedScrapes}, sent {BytesPerSecondSent / 1024:F0} KiB/s");
}
