namespace NodeCollector.Config;

/// <summary>Options of the textfile collector: where users drop <c>*.prom</c> files (the chart mounts this directory).</summary>
internal sealed record TextfileOptions
{
    public const string DefaultDirectory = "/var/lib/nodecollector/textfile";

    public static readonly ConfigSchema<TextfileOptions> Schema = new ConfigSchema<TextfileOptions>()
        .Field("directory", (o, r) => o.Directory = r.String());

    public string Directory { get; set; } = DefaultDirectory;
}
