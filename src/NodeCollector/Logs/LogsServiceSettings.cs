namespace NodeCollector.Logs;

/// <summary>Timing of the logs service that the config does not expose (tests shorten them).</summary>
internal sealed record LogsServiceSettings
{
    public string NodeName { get; init; } = "";

    public LogTailerSettings Tailer { get; init; } = new();

    /// <summary>The safety net behind file-system notifications: a new file is found within this.</summary>
    public TimeSpan RescanInterval { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan PositionsInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>At shutdown, how long to wait for the sink to acknowledge what the tailers handed on before the last save.</summary>
    public TimeSpan AcknowledgeWaitAtStop { get; init; } = TimeSpan.FromSeconds(2);
}
