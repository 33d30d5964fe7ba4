using BenchmarkDotNet.Attributes;
using NodeCollector.Config;
using NodeCollector.Labels;
using NodeCollector.Metrics;
using NodeCollector.Scrape;

namespace NodeCollector.Benchmarks.Scrape;

/// <summary>
/// One scrape of the kubelet's cAdvisor fixture (about 4,800 lines) after it arrived: parse, relabel and append
/// through <see cref="ScrapeSampleAppender"/> with its series cache warm, into a writer that discards.
/// </summary>
[MemoryDiagnoser]
public class KubeletScrapeAppendBenchmark
{
    private ScrapeSampleAppender _appender = null!;
    private ReadOnlyMemory<byte> _body;
    private readonly CountingWriter _writer = new();

    /// <summary>The kubelet's cAdvisor target as the collector builds it (honor_labels, no metric relabeling).</summary>
    internal static ScrapeSampleAppender CreateAppender()
    {
        var options = new KubeletOptions { Address = "127.0.0.1:10250" };
        var job = KubeletTargets.Job(options, new GlobalOptions());
        var discovered = KubeletTargets.Discover(options, "k3s-agent-1", null).Single();
        var target = TargetLabeler.TryBuild(job, discovered, new LabelSetBuilder(), out var reason)
            ?? throw new InvalidOperationException(reason);
        return new ScrapeSampleAppender(target);
    }

    [GlobalSetup]
    public void Setup()
    {
        var fixtures = HostTrees.FixturesDir() ?? throw new InvalidOperationException("shared/fixtures not found; set NODECOLLECTOR_FIXTURES");
        _body = File.ReadAllBytes(Path.Combine(fixtures, "kubelet", "cadvisor.txt"));
        _appender = CreateAppender();
        _appender.Append(_writer, _body, openMetrics: false);
    }

    [Benchmark]
    public int ParseRelabelAppend()
    {
        _writer.Samples = 0;
        _appender.Append(_writer, _body, openMetrics: false);
        return _writer.Samples;
    }

    internal sealed class CountingWriter : IMetricWriter
    {
        public int Samples { get; set; }

        public void WriteFamily(in MetricFamily family)
        {
        }

        public void WriteSample(string name, ReadOnlySpan<Label> labels, double value, long? timestampMs = null) => Samples++;
    }
}
