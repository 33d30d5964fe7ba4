using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using NodeCollector.Host;
using NodeCollector.Metrics;

namespace NodeCollector.Benchmarks;

/// <summary>
/// <c>-- host-cpu [N]</c>: N full collections on the demo node and on this machine after a warm-up, printing the
/// process CPU time (all threads, user + system) and the bytes allocated (all threads) per collection.
/// </summary>
internal static class HostCpuMeasurement
{
    public static void Run(int collections)
    {
        var tree = HostTrees.BuildDemoNode();
        try
        {
            Measure("demo node", HostTrees.DemoSource(tree), collections);
            Measure("this machine", HostTrees.MachineSource(), collections);
            if (Environment.GetEnvironmentVariable("HOST_CPU_PER_COLLECTOR") == "1")
            {
                foreach (var name in HostCollectorRegistry.DefaultNames)
                {
                    Measure("demo node, " + name, HostTrees.DemoSource(tree, [name]), collections);
                    Measure("this machine, " + name, HostTrees.MachineSource([name]), collections);
                }
            }
        }
        finally
        {
            Directory.Delete(tree.Root, recursive: true);
        }
    }

    private static void Measure(string name, HostMetricSource source, int collections)
    {
        var buffer = new ArrayBufferWriter<byte>(256 * 1024);
        var writer = new TextExpositionWriter(buffer, ExpositionFormat.PrometheusText);
        void Collect()
        {
            buffer.ResetWrittenCount();
            writer.Reset();
            source.Collect(writer);
            writer.Complete();
        }

        for (var i = 0; i < 50; i++)
        {
            Collect();
        }

        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < collections; i++)
        {
            Collect();
        }

        var wall = clock.Elapsed;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {collections} collections, {buffer.WrittenCount} bytes of text each; CPU {cpu.TotalMilliseconds / collections:F3} ms, wall {wall.TotalMilliseconds / collections:F3} ms, allocated {allocated / collections} bytes per collection"));
    }
}
