using System.Buffers;
using BenchmarkDotNet.Attributes;
using HostMocks.Demo;
using NodeCollector.Host;
using NodeCollector.Metrics;

namespace NodeCollector.Benchmarks;

/// <summary>
/// One full host collection (every default collector, rendered as Prometheus text into a reused buffer) on the demo
/// node and on this machine. Wall time and allocations per collection; <c>-- host-cpu</c> prints CPU time as well.
/// </summary>
[MemoryDiagnoser]
public class HostCollectionBenchmarks
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256 * 1024);
    private DemoNodeTree? _tree;
    private HostMetricSource? _demo;
    private HostMetricSource? _machine;
    private TextExpositionWriter? _writer;

    [GlobalSetup]
    public void Setup()
    {
        _tree = HostTrees.BuildDemoNode();
        _demo = HostTrees.DemoSource(_tree);
        _machine = HostTrees.MachineSource();
        _writer = new TextExpositionWriter(_buffer, ExpositionFormat.PrometheusText);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_tree!.Root, recursive: true);

    [Benchmark]
    public int DemoNode() => Collect(_demo!);

    [Benchmark]
    public int ThisMachine() => Collect(_machine!);

    private int Collect(HostMetricSource source)
    {
        _buffer.ResetWrittenCount();
        _writer!.Reset();
        source.Collect(_writer);
        _writer.Complete();
        return _buffer.WrittenCount;
    }
}
