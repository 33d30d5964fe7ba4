using NodeCollector.Config;
using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Scrape;

/// <summary>
/// The targets served from inside the process: the host collectors (node_exporter's metrics, under
/// <c>host_metrics.job</c>) and the collector's own metrics (<c>self_metrics.job</c>). Each is one target whose
/// <c>__address__</c> is the node name, so <c>instance</c> is the node name unless relabeling says otherwise; its
/// URL names the target in the status API but is never requested.
/// </summary>
internal static class InProcessTargets
{
    private static readonly System.Diagnostics.Metrics.Counter<long> SelfScrapes = CollectorMeter.Meter.CreateCounter<long>(
        "nodecollector_remote_write_collections_total",
        unit: null,
        description: "Scrapes of the collector's own metrics target; goes up by exactly one per scrape, so a gap in its samples is a lost scrape.");

    public static ScrapeJob HostJob(HostMetricsOptions options, GlobalOptions global) => new()
    {
        Name = options.Job,
        InProcess = true,
        Interval = options.Interval,
        Timeout = TimeSpan.FromTicks(Math.Min(global.ScrapeTimeout.Ticks, options.Interval.Ticks)),
        RelabelRules = ScrapeJob.Compile(options.RelabelConfigs),
        MetricRelabelRules = ScrapeJob.Compile(options.MetricRelabelConfigs),
    };

    public static ScrapeJob SelfJob(SelfMetricsOptions options, GlobalOptions global)
    {
        var interval = options.ScrapeInterval ?? global.ScrapeInterval;
        return new ScrapeJob
        {
            Name = options.Job,
            InProcess = true,
            Interval = interval,
            Timeout = TimeSpan.FromTicks(Math.Min(global.ScrapeTimeout.Ticks, interval.Ticks)),
            MetricRelabelRules = ScrapeJob.Compile(options.MetricRelabelConfigs),
        };
    }

    /// <summary>The one discovered label set of an in-process target on <paramref name="nodeName"/>.</summary>
    public static IReadOnlyList<LabelSet> Discover(string nodeName) =>
        [LabelSet.From([new Label(TargetLabeler.Address, nodeName.Length > 0 ? nodeName : Environment.MachineName)])];

    public static Func<ScrapeTarget, IScrapeClient> HostClients(IReadOnlyList<IMetricSource> sources) =>
        _ => new InProcessScrapeClient(sources);

    public static Func<ScrapeTarget, IScrapeClient> SelfClients(IReadOnlyList<IMetricSource> sources) =>
        _ => new InProcessScrapeClient(sources, static () => SelfScrapes.Add(1));
}
