using Microsoft.Extensions.Logging;

namespace NodeCollector.Logs;

/// <summary>What a tailer shares with the rest of log tailing: its labels, counters, logging and clock.</summary>
internal sealed class LogTailerContext
{
    public required StreamLabels Labels { get; init; }

    public required LogsCounters Counters { get; init; }

    public required PodReadCounters Pod { get; init; }

    public required ILogger Logger { get; init; }

    public required WarningLimiter Limiter { get; init; }

    public required TimeProvider Time { get; init; }

    /// <summary>Called (from the sender's thread) whenever Loki acknowledged more of the file: positions may be saved.</summary>
    public Action? Acknowledged { get; init; }

    /// <summary>The file's path for log events; follows renames.</summary>
    public string Path { get; set; } = "";

    public long NowUnixNanos() => (Time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;
}
