using System.Globalization;
using NodeCollector.Config;
using NodeCollector.Kubernetes;
using NodeCollector.Labels;

namespace NodeCollector.Scrape;

/// <summary>
/// The kubelet as a scrape job: one HTTPS target per configured path (<c>/metrics/cadvisor</c>, ...), addressed
/// at <c>kubelet.address</c> or this node's InternalIP and kubelet port. Labels follow kube-prometheus so that
/// its dashboards work: <c>job="kubelet"</c>, <c>metrics_path</c>, <c>node</c>; <c>honor_labels</c> is on so
/// cAdvisor's own <c>namespace</c>/<c>pod</c>/<c>container</c> labels stay as they are.
/// </summary>
internal static class KubeletTargets
{
    public const string JobName = "kubelet";

    public static ScrapeJob Job(KubeletOptions options, GlobalOptions global) => new()
    {
        Name = JobName,
        Interval = global.ScrapeInterval,
        Timeout = TimeSpan.FromTicks(Math.Min(global.ScrapeTimeout.Ticks, global.ScrapeInterval.Ticks)),
        Scheme = "https",
        HonorLabels = true,
        HonorTimestamps = true,
        Http = new HttpClientOptions { BearerTokenFile = options.BearerTokenFile, Tls = options.Tls },
        MetricRelabelRules = ScrapeJob.Compile(options.MetricRelabelConfigs),
    };

    /// <summary>The kubelet's discovered label sets; none while the address is not known yet.</summary>
    public static IReadOnlyList<LabelSet> Discover(KubeletOptions options, string nodeName, NodeInfo? node)
    {
        var address = options.Address;
        if (address.Length == 0 && node is { InternalIP.Length: > 0 })
        {
            address = node.InternalIP.Contains(':', StringComparison.Ordinal)
                ? $"[{node.InternalIP}]:{node.KubeletPort.ToString(CultureInfo.InvariantCulture)}"
                : $"{node.InternalIP}:{node.KubeletPort.ToString(CultureInfo.InvariantCulture)}";
        }

        if (address.Length == 0)
        {
            return [];
        }

        var targets = new List<LabelSet>(options.Paths.Count);
        foreach (var path in options.Paths)
        {
            targets.Add(LabelSet.From(
            [
                new Label(TargetLabeler.Address, address),
                new Label(TargetLabeler.MetricsPathLabel, path),
                new Label("metrics_path", path),
                new Label("node", nodeName),
            ]));
        }

        return targets;
    }
}
