using System.Globalization;
using NodeCollector.Config;

namespace NodeCollector.Benchmarks.Logs;

/// <summary>
/// <c>-- logs-e2e</c> options: <c>--files 1,500</c> (one run per count), <c>--mb 256</c> (CRI bytes per run, spread over
/// the files), <c>--collector</c> (the collector to start: an assembly run with <c>dotnet</c>, or a published binary;
/// default the <c>nodecollector.dll</c> built beside the benchmarks), <c>--env NAME=VALUE</c> (repeatable, e.g. a GC
/// setting), <c>--memory-map true</c>, <c>--buffer-size 16MiB</c> (the collector's <c>loki.buffer_size</c>; empty: its default) and
/// <c>--stall-seconds 60</c> (how long without a new line at the fake Loki counts as lost lines), <c>--warmup-mb 32</c>
/// (CRI bytes over ten warm-up pods shipped, and measured apart, before the measured run; 0: measure a cold collector) and
/// <c>--memory-limit 72MiB</c> (run the collector in a memory cgroup with that limit, as a pod's memory limit does; root only).
/// </summary>
internal sealed record LogsE2eSettings
{
    public IReadOnlyList<int> Files { get; init; } = [1, 500];

    public double Megabytes { get; init; } = 256;

    public string Collector { get; init; } = Path.Combine(AppContext.BaseDirectory, "nodecollector.dll");

    public IReadOnlyList<string> Environment { get; init; } = [];

    public TimeSpan Stall { get; init; } = TimeSpan.FromSeconds(60);

    public string BufferSize { get; init; } = "";

    /// <summary>
    /// Bytes shipped first, so that the measured run sees the steady state of a collector that has run for a while:
    /// its first lines make the runtime re-compile the hot path (tiered JIT), 10 to 20 % of the CPU of a cold 5-second
    /// run under perf, once per process.
    /// </summary>
    public double WarmupMegabytes { get; init; } = 32;

    /// <summary><c>--memory-map true</c>: print where the collector's resident memory is when idle and at the end (anonymous, files, JIT code).</summary>
    public bool MemoryMap { get; init; }

    /// <summary><c>--memory-limit</c> in bytes: the collector runs in a <see cref="HostMocks.Soak.MemoryCgroup"/> of this size; 0: no limit.</summary>
    public long MemoryLimitBytes { get; init; }

    public static LogsE2eSettings Parse(IReadOnlyList<string> args)
    {
        var settings = new LogsE2eSettings();
        for (var i = 1; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"{args[i]} needs a value");
            }

            var value = args[i + 1];
            settings = args[i] switch
            {
                "--files" => settings with { Files = [.. value.Split(',', '|').Select(f => int.Parse(f, CultureInfo.InvariantCulture))] },
                "--mb" => settings with { Megabytes = double.Parse(value, CultureInfo.InvariantCulture) },
                "--collector" => settings with { Collector = Path.GetFullPath(value) },
                "--env" => settings with { Environment = [.. settings.Environment, value] },
                "--buffer-size" => settings with { BufferSize = value },
                "--memory-map" => settings with { MemoryMap = bool.Parse(value) },
                "--warmup-mb" => settings with { WarmupMegabytes = double.Parse(value, CultureInfo.InvariantCulture) },
                "--memory-limit" => settings with { MemoryLimitBytes = ByteSize.TryParse(value, out var limit) && limit > 0
                    ? limit
                    : throw new ArgumentException($"--memory-limit needs a size such as 72MiB, not {value}") },
                "--stall-seconds" => settings with { Stall = TimeSpan.FromSeconds(int.Parse(value, CultureInfo.InvariantCulture)) },
                _ => throw new ArgumentException($"unknown option {args[i]} (--files --mb --collector --env --buffer-size --memory-map --stall-seconds --warmup-mb --memory-limit)"),
            };
        }

        if (settings.Files.Count == 0 || settings.Files.Any(f => f < 1) || settings.Megabytes <= 0 || settings.WarmupMegabytes < 0)
        {
            throw new ArgumentException("--files needs counts of at least 1, --mb a positive size and --warmup-mb zero or more");
        }

        return settings;
    }
}
