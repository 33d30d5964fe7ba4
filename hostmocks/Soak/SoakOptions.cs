using NodeCollector.Config;

namespace HostMocks.Soak;

/// <summary>The soak's settings from its command line (<see cref="Usage"/>).</summary>
internal sealed record SoakOptions
{
    public const string Usage = """
        usage: hostmocks soak [--duration DURATION] [--fault-every DURATION] [--memory-budget BYTES] [--overhead BYTES]
                              [--lines-per-second N] [--fixtures DIR] [--keep]

          --duration DURATION      how long the load and the faults run (default 2m; e.g. 1h), before the drain
          --fault-every DURATION   one fault per slot this long, in a fixed order (default: the duration less a
                                   warm-up and a quiet end, split into 10 slots, at most 1m)
          --memory-budget BYTES    the collector's limits.memory_budget (default 64MiB)
          --overhead BYTES         runtime overhead allowed over the budget before peak RSS fails the run (default 160MiB)
          --lines-per-second N     container log lines written per second over all containers (default 100)
          --fixtures DIR           the shared fixtures folder (default ../shared/fixtures beside the repository)
          --keep                   keep the soak directory afterwards

        """;

    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(2);

    public TimeSpan? FaultEvery { get; init; }

    public long MemoryBudget { get; init; } = 64L << 20;

    public long Overhead { get; init; } = 160L << 20;

    public int LinesPerSecond { get; init; } = 100;

    public string? Fixtures { get; init; }

    public bool Keep { get; init; }

    /// <summary>Load without faults at the start, so the first fault hits a running pipeline.</summary>
    public TimeSpan WarmUp => Min(TimeSpan.FromSeconds(15), Duration / 8);

    public TimeSpan Slot => FaultEvery ?? Min(TimeSpan.FromMinutes(1), (Duration - WarmUp - WarmUp) / SoakFaults.Names.Length);

    /// <summary>How long an outage or a full disk lasts inside its slot.</summary>
    public TimeSpan Hold => Min(TimeSpan.FromSeconds(20), Slot * 0.6);

    /// <summary>Parses the arguments; returns null and a message for a bad one.</summary>
    public static (SoakOptions? Options, string Error) Parse(IReadOnlyList<string> args)
    {
        var options = new SoakOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            var parsed = (args[i], value) switch
            {
                ("--duration", { } v) when PromDuration.TryParse(v, out var d) && d > TimeSpan.FromSeconds(30) => options with { Duration = d },
                ("--fault-every", { } v) when PromDuration.TryParse(v, out var d) && d >= TimeSpan.FromSeconds(2) => options with { FaultEvery = d },
                ("--memory-budget", { } v) when ByteSize.TryParse(v, out var b) => options with { MemoryBudget = b },
                ("--overhead", { } v) when ByteSize.TryParse(v, out var b) => options with { Overhead = b },
                ("--lines-per-second", { } v) when int.TryParse(v, out var n) && n > 0 => options with { LinesPerSecond = n },
                ("--fixtures", { } v) => options with { Fixtures = v },
                ("--keep", _) => options with { Keep = true },
                _ => null,
            };
            if (parsed is null)
            {
                return (null, $"hostmocks soak: bad argument \"{args[i]}\"{(value is null ? "" : " " + value)}\n\n{Usage}");
            }

            options = parsed;
            i += args[i] == "--keep" ? 0 : 1;
        }

        return (options, "");
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
