using System.Buffers;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Benchmarks.Metrics;

/// <summary>
/// One /metrics exposition of about 1,000 series shaped like node_exporter's (CPU counters with two labels, disk and
/// network counters, filesystem and memory gauges, a histogram), into a reused buffer.
/// </summary>
[MemoryDiagnoser]
public class TextExpositionWriterBenchmark
{
    private readonly List<(MetricFamily Family, List<(string Name, Label[] Labels, double Value)> Samples)> _families = [];
    private readonly ArrayBufferWriter<byte> _buffer = new(256 * 1024);
    private TextExpositionWriter _text = null!;
    private TextExpositionWriter _openMetrics = null!;

    public int Series => _families.Sum(f => f.Samples.Count);

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        string[] modes = ["idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"];
        var cpu = Family("node_cpu_seconds_total", "Seconds the CPUs spent in each mode.", MetricType.Counter, "seconds");
        for (var c = 0; c < 48; c++)
        {
            foreach (var mode in modes)
            {
                cpu.Add(("node_cpu_seconds_total", [new("cpu", Text(c)), new("mode", mode)], Math.Round(random.NextDouble() * 1e6, 2)));
            }
        }

        string[] disks = ["nvme0n1", "nvme1n1", "sda", "sdb", "dm-0", "dm-1", "loop0", "loop1"];
        foreach (var name in new[] { "reads_completed", "writes_completed", "read_bytes", "written_bytes", "io_time_seconds", "reads_merged", "writes_merged", "discards_completed" })
        {
            var family = Family($"node_disk_{name}_total", $"The total number of {name}.", MetricType.Counter);
            foreach (var disk in disks)
            {
                family.Add(($"node_disk_{name}_total", [new("device", disk)], random.NextInt64(1, 1L << 40)));
            }
        }

        string[] interfaces = ["eth0", "eth1", "lo", "cni0", "flannel.1", "veth1a2b3c", "veth4d5e6f", "veth7a8b9c"];
        foreach (var name in new[] { "receive_bytes", "transmit_bytes", "receive_packets", "transmit_packets", "receive_drop", "transmit_drop", "receive_errs", "transmit_errs" })
        {
            var family = Family($"node_network_{name}_total", $"Network device statistic {name}.", MetricType.Counter);
            foreach (var device in interfaces)
            {
                family.Add(($"node_network_{name}_total", [new("device", device)], random.NextInt64(0, 1L << 36)));
            }
        }

        foreach (var name in new[] { "avail", "free", "size", "files", "files_free" })
        {
            var family = Family($"node_filesystem_{name}_bytes", $"Filesystem {name} in bytes.", MetricType.Gauge, "bytes");
            for (var m = 0; m < 40; m++)
            {
                family.Add(($"node_filesystem_{name}_bytes",
                    [new("device", $"/dev/sd{(char)('a' + (m % 4))}{m}"), new("fstype", m % 3 == 0 ? "xfs" : "ext4"), new("mountpoint", $"/var/lib/kubelet/pods/{m:x8}/volumes")],
                    random.NextInt64(0, 1L << 42)));
            }
        }

        for (var g = 0; g < 120; g++)
        {
            Family($"node_memory_Field{g}_bytes", $"Memory information field Field{g}_bytes.", MetricType.Gauge)
                .Add(($"node_memory_Field{g}_bytes", [], random.NextInt64(0, 1L << 36) * 1024.0));
        }

        var histogram = Family("node_scrape_collector_duration_seconds", "Duration of a collector scrape.", MetricType.Histogram, "seconds");
        double[] bounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
        foreach (var collector in new[] { "cpu", "diskstats", "filesystem", "meminfo", "netdev", "loadavg", "stat", "vmstat", "pressure", "time" })
        {
            var cumulative = 0L;
            foreach (var bound in bounds)
            {
                cumulative += random.Next(0, 100);
                histogram.Add(("node_scrape_collector_duration_seconds_bucket", [new("collector", collector), new("le", GoFloatFormatter.ToString(bound))], cumulative));
            }

            histogram.Add(("node_scrape_collector_duration_seconds_bucket", [new("collector", collector), new("le", "+Inf")], cumulative));
            histogram.Add(("node_scrape_collector_duration_seconds_sum", [new("collector", collector)], random.NextDouble() * 100));
            histogram.Add(("node_scrape_collector_duration_seconds_count", [new("collector", collector)], cumulative));
        }

        _text = new TextExpositionWriter(_buffer, ExpositionFormat.PrometheusText);
        _openMetrics = new TextExpositionWriter(_buffer, ExpositionFormat.OpenMetrics);
    }

    [Benchmark(Baseline = true)]
    public int PrometheusText() => Write(_text);

    [Benchmark]
    public int OpenMetrics() => Write(_openMetrics);

    private int Write(TextExpositionWriter writer)
    {
        _buffer.ResetWrittenCount();
        writer.Reset();
        foreach (var (family, samples) in _families)
        {
            writer.WriteFamily(family);
            foreach (var (name, labels, value) in samples)
            {
                writer.WriteSample(name, labels, value);
            }
        }

        writer.Complete();
        return _buffer.WrittenCount;
    }

    private List<(string Name, Label[] Labels, double Value)> Family(string name, string help, MetricType type, string? unit = null)
    {
        var samples = new List<(string, Label[], double)>();
        _families.Add((new MetricFamily(name, help, type, unit), samples));
        return samples;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
