namespace NodeCollector.Config;

/// <summary>Tailing the container logs of this node's pods.</summary>
internal sealed record LogsOptions
{
    public static readonly ConfigSchema<LogsOptions> Schema = new ConfigSchema<LogsOptions>()
        .Field("enabled", (o, r) => o.Enabled = r.Bool())
        .Field("pods_dir", (o, r) => o.PodsDir = r.String())
        .Field("positions_file", (o, r) => o.PositionsFile = r.String())
        .Field("start_position", (o, r) => o.StartPosition = r.String())
        .Field("max_line_size", (o, r) => o.MaxLineSize = r.Bytes())
        .Field("partial_line_timeout", (o, r) => o.PartialLineTimeout = r.Duration())
        .Field("deleted_pod_grace", (o, r) => o.DeletedPodGrace = r.Duration())
        .Field("read_gzip_rotated", (o, r) => o.ReadGzipRotated = r.Bool())
        .Field("relabel_configs", (o, r) => o.RelabelConfigs = r.List(RelabelConfig.Schema))
        .Field("structured_metadata", (o, r) => o.StructuredMetadata = r.StringList());

    public bool Enabled { get; set; } = true;

    public string PodsDir { get; set; } = "/var/log/pods";

    public string PositionsFile { get; set; } = "/var/lib/nodecollector/positions.json";

    /// <summary>For files found at first start: <c>beginning</c> or <c>end</c>.</summary>
    public string StartPosition { get; set; } = "beginning";

    public long MaxLineSize { get; set; } = 256 * 1024;

    public TimeSpan PartialLineTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan DeletedPodGrace { get; set; } = TimeSpan.FromMinutes(1);

    public bool ReadGzipRotated { get; set; }

    public IReadOnlyList<RelabelConfig> RelabelConfigs { get; set; } = [];

    /// <summary>
    /// Stream labels (as <c>relabel_configs</c> leave them) sent as Loki structured metadata on every entry instead of
    /// as index labels; empty (the default) sends none.
    /// </summary>
    public IReadOnlyList<string> StructuredMetadata { get; set; } = [];

    public void Validate(ConfigProblems problems, string path)
    {
        if (StartPosition is not ("beginning" or "end"))
        {
            problems.Add(path + ".start_position", $"\"{StartPosition}\" is not beginning or end");
        }

        if (MaxLineSize <= 0)
        {
            problems.Add(path + ".max_line_size", "must be greater than 0");
        }

        for (var i = 0; i < RelabelConfigs.Count; i++)
        {
            RelabelConfigs[i].Validate(problems, $"{path}.relabel_configs[{i}]");
        }

        StructuredMetadataNames.Validate(StructuredMetadata, problems, path + ".structured_metadata");
    }
}
