using System.Globalization;

namespace NodeCollector.Benchmarks.Load;

/// <summary>One load run: which collector, how many simulated targets and series, how often, for how long, on which CPUs.</summary>
internal sealed record LoadSettings
{
    public string Collector { get; init; } = "nodecollector";

    public int Targets { get; init; } = 200;

    public int Series { get; init; } = 1000;

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>A <c>taskset -c</c> CPU list ("0", "0,1"); empty: no pinning.</summary>
    public string Cpus { get; init; } = "";

    public long MemoryBudget { get; init; } = 256L << 20;

    /// <summary>Extra environment of the collector process (<c>--env NAME=VALUE</c>), e.g. a GC setting.</summary>
    public IReadOnlyList<string> Environment { get; init; } = [];

    /// <summary>Reads <c>--name value</c> pairs after the command word.</summary>
    public static LoadSettings Parse(IReadOnlyList<string> args)
    {
        var settings = new LoadSettings();
        for (var i = 1; i + 1 < args.Count; i += 2)
        {
            var value = args[i + 1];
            settings = args[i] switch
            {
                "--collector" => settings with { Collector = value },
                "--targets" => settings with { Targets = int.Parse(value, CultureInfo.InvariantCulture) },
                "--series" => settings with { Series = int.Parse(value, CultureInfo.InvariantCulture) },
                "--interval" => settings with { Interval = ParseDuration(value) },
                "--duration" => settings with { Duration = ParseDuration(value) },
                "--cpus" => settings with { Cpus = value },
                "--env" => settings with { Environment = [.. settings.Environment, value] },
                "--memory-budget-mib" => settings with { MemoryBudget = long.Parse(value, CultureInfo.InvariantCulture) << 20 },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        return settings;
    }

    private static TimeSpan ParseDuration(string text) =>
        Config.PromDuration.TryParse(text, out var duration) ? duration : throw new ArgumentException($"\"{text}\" is not a duration");

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Collector}: {Targets} targets x {Series} series every {Config.PromDuration.Format(Interval)}, cpus {(Cpus.Length == 0 ? "all" : Cpus)}{(Environment.Count == 0 ? "" : ", " + string.Join(" ", Environment))}");
}
