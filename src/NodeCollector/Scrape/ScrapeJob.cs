using NodeCollector.Config;
using NodeCollector.Labels;

namespace NodeCollector.Scrape;

/// <summary>
/// One scrape job with its settings resolved (global defaults applied, relabel rules compiled): what every
/// target of the job shares. Built from a <see cref="ScrapeConfig"/> that has passed validation.
/// </summary>
internal sealed record ScrapeJob
{
    public required string Name { get; init; }

    public required TimeSpan Interval { get; init; }

    public required TimeSpan Timeout { get; init; }

    public string MetricsPath { get; init; } = "/metrics";

    public string Scheme { get; init; } = "http";

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Params { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public bool HonorLabels { get; init; }

    public bool HonorTimestamps { get; init; } = true;

    public bool TrackTimestampsStaleness { get; init; }

    /// <summary>Scraped inside this process (host, self): listed in /api/v1/targets, not offered to a target allocator.</summary>
    public bool InProcess { get; init; }

    public int SampleLimit { get; init; }

    public int LabelLimit { get; init; }

    public long BodySizeLimit { get; init; }

    public HttpClientOptions Http { get; init; } = new();

    public IReadOnlyList<RelabelRule> RelabelRules { get; init; } = [];

    public IReadOnlyList<RelabelRule> MetricRelabelRules { get; init; } = [];

    public static ScrapeJob From(ScrapeConfig config, GlobalOptions global)
    {
        var interval = config.ScrapeInterval ?? global.ScrapeInterval;
        return new ScrapeJob
        {
            Name = config.JobName,
            Interval = interval,
            Timeout = config.ScrapeTimeout ?? TimeSpan.FromTicks(Math.Min(global.ScrapeTimeout.Ticks, interval.Ticks)),
            MetricsPath = config.MetricsPath,
            Scheme = config.Scheme,
            Params = config.Params,
            HonorLabels = config.HonorLabels,
            HonorTimestamps = config.HonorTimestamps,
            TrackTimestampsStaleness = config.TrackTimestampsStaleness,
            SampleLimit = config.SampleLimit,
            LabelLimit = config.LabelLimit,
            BodySizeLimit = config.BodySizeLimit,
            Http = config.Http,
            RelabelRules = Compile(config.RelabelConfigs),
            MetricRelabelRules = Compile(config.MetricRelabelConfigs),
        };
    }

    /// <summary>Compiles rules that validation has already accepted.</summary>
    public static IReadOnlyList<RelabelRule> Compile(IReadOnlyList<RelabelConfig> configs)
    {
        var rules = new RelabelRule[configs.Count];
        for (var i = 0; i < configs.Count; i++)
        {
            rules[i] = RelabelRule.TryCreate(configs[i], out var problems)
                ?? throw new ArgumentException($"relabel rule {i} is invalid: {problems[0].Message}", nameof(configs));
        }

        return rules;
    }
}
