using NodeCollector.Labels;

namespace NodeCollector.Config;

/// <summary>Defaults for every scrape, and labels added to everything sent out (Prometheus' <c>global</c>).</summary>
internal sealed record GlobalOptions
{
    public static readonly ConfigSchema<GlobalOptions> Schema = new ConfigSchema<GlobalOptions>()
        .Field("scrape_interval", (o, r) => o.ScrapeInterval = r.Duration())
        .Field("scrape_timeout", (o, r) => o.ScrapeTimeout = r.Duration())
        .Field("external_labels", (o, r) => o.ExternalLabels = r.StringMap());

    public TimeSpan ScrapeInterval { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan ScrapeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public IReadOnlyDictionary<string, string> ExternalLabels { get; set; } = new Dictionary<string, string>();

    public void Validate(ConfigProblems problems, string path)
    {
        problems.RequirePositive(path + ".scrape_interval", ScrapeInterval);
        problems.RequirePositive(path + ".scrape_timeout", ScrapeTimeout);
        if (ScrapeInterval > TimeSpan.Zero && ScrapeTimeout > ScrapeInterval)
        {
            problems.Add(path + ".scrape_timeout", $"{PromDuration.Format(ScrapeTimeout)} is longer than scrape_interval {PromDuration.Format(ScrapeInterval)}");
        }

        foreach (var name in ExternalLabels.Keys)
        {
            if (!LabelNames.IsValid(name))
            {
                problems.Add($"{path}.external_labels.{name}", $"\"{name}\" is not a valid label name ([a-zA-Z_][a-zA-Z0-9_]*)");
            }
        }
    }
}
