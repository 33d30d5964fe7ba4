namespace NodeCollector.Logs;

/// <summary>Timing of the logs service that the config does not expose (tests shorten them).</summary>
internal sealed record LogsServiceSettings
{
    public string NodeName { get; init; } = "";

    public LogTailerSettings Tailer { get; init; } = new();

    /// <summary>The safety net behind file-system notifications: a new file is found within this.</summary>
    public TimeSpan RescanInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often positions are saved when nothing was acknowledged (known files come and go).</summary>
    public TimeSpan PositionsInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Positions are saved as soon as Loki acknowledged a batch, but at most this often: a SIGKILL then re-sends
    /// little more than the batch in flight, and a busy sender does not turn into a stream of fsyncs.
    /// </summary>
    public TimeSpan PositionsMinInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>At shutdown, how long to wait for the sink to acknowledge what the tailers handed on before the last save.</summary>
    public TimeSpan AcknowledgeWaitAtStop { get; init; } = TimeSpan.FromSeconds(2);
}
