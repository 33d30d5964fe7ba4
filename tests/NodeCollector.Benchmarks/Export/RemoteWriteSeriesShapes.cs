using System.Globalization;
using NodeCollector.Labels;

namespace NodeCollector.Benchmarks.Export;

/// <summary>
/// Series shaped like what a node sends: node_exporter and cAdvisor names with their labels plus the target and
/// external labels (job, instance, cluster), about 130 bytes of labels per series.
/// </summary>
internal static class RemoteWriteSeriesShapes
{
    public static LabelSet[] Create(int count)
    {
        string[] names = ["node_cpu_seconds_total", "container_memory_working_set_bytes", "node_network_receive_bytes_total", "container_cpu_usage_seconds_total"];
        var series = new LabelSet[count];
        for (var i = 0; i < count; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            series[i] = LabelSet.From([
                new("__name__", names[i % names.Length]),
                new("cluster", "prod-eu-1"),
                new("instance", "k3s-agent-1"),
                new("job", "kubernetes-nodes"),
                new("namespace", "shop"),
                new("pod", "shop-api-6d9f7c8b5-" + n),
                new("container", "api"),
            ]);
        }

        return series;
    }
}
