using System.Globalization;
using NodeCollector.Benchmarks.Scrape;
using NodeCollector.Export.RemoteWrite;

namespace NodeCollector.Benchmarks.Export;

/// <summary>
/// <c>-- encode-cpu [N]</c>: N warm passes of encode + snappy compression of one 2,000-sample remote-write request
/// (the <see cref="RemoteWriteEncoderBenchmark"/> batch) on one thread, with our snappy encoder and with IronSnappy,
/// printing this thread's CPU time per sample, samples per CPU second, bytes allocated per sample and compressed
/// bytes per sample. A load-tolerant companion of the BenchmarkDotNet run (CPU time, not wall time).
/// </summary>
internal static class EncodeCpuMeasurement
{
    public static void Run(int passes)
    {
        var batch = RemoteWriteEncoderBenchmark.CreateBatch(RemoteWriteSeriesShapes.Create(2000));
        var encoder = new RemoteWriteEncoder();
        Measure("encode + our snappy", passes, batch.Length, () =>
        {
            encoder.Encode(batch);
            return encoder.Compress().Length;
        });
        Measure("encode + IronSnappy", passes, batch.Length, () =>
        {
            encoder.Encode(batch);
            return IronSnappy.Snappy.Encode(encoder.Request).Length;
        });
        Measure("encode only", passes, batch.Length, () => encoder.Encode(batch));
    }

    private static void Measure(string name, int passes, int samples, Func<int> pass)
    {
        for (var i = 0; i < Math.Max(100, passes / 10); i++)
        {
            pass();
        }

        long bytes = 0;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var started = ScrapeCpuMeasurement.CurrentThreadCpu();
        for (var i = 0; i < passes; i++)
        {
            bytes += pass();
        }

        var cpu = ScrapeCpuMeasurement.CurrentThreadCpu() - started;
        var total = (double)passes * samples;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {cpu.TotalNanoseconds / total:F0} ns CPU per sample, {total / cpu.TotalSeconds / 1e6:F2} M samples per CPU second, {(GC.GetAllocatedBytesForCurrentThread() - allocated) / total:F1} B allocated and {bytes / total:F1} B out per sample"));
    }
}
