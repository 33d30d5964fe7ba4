using System.Globalization;
using NodeCollector.Export.Snappy;

namespace NodeCollector.Benchmarks.Export;

/// <summary>
/// <c>-- snappy-cpu [N]</c>: N warm compressions of one encoded Loki push (the <see cref="LokiPushEncoderBenchmark"/>
/// batch: 5,000 JSON request lines over 50 streams, about 1 MB) on one thread, with our snappy encoder and with
/// IronSnappy, printing MB of input per CPU second (best and median of five rounds) and the compressed size. Snappy is the largest single cost of the
/// logs path (a third of the collector's CPU in <c>logs-e2e</c> under perf), so this isolates it.
/// </summary>
internal static class SnappyCpuMeasurement
{
    public static void Run(int passes)
    {
        var benchmark = new LokiPushEncoderBenchmark();
        benchmark.Setup();
        benchmark.Encode();
        var request = benchmark.EncodedRequest.ToArray();
        benchmark.Cleanup();

        var ours = new SnappyBlockEncoder();
        var roundTrip = IronSnappy.Snappy.Decode(ours.Compress(request).Span);
        if (!roundTrip.AsSpan().SequenceEqual(request))
        {
            throw new InvalidOperationException("our snappy block does not decode to the request");
        }

        Measure("our snappy", passes, request.Length, () => ours.Compress(request).Length);
        Measure("IronSnappy", passes, request.Length, () => IronSnappy.Snappy.Encode(request).Length);
    }

    private static void Measure(string name, int passes, int inputBytes, Func<int> pass)
    {
        for (var i = 0; i < Math.Max(50, passes / 5); i++)
        {
            pass();
        }

        // Five rounds, best and median: on a shared machine one round's CPU time varies by a third.
        var rates = new double[5];
        var compressed = 0;
        for (var round = 0; round < rates.Length; round++)
        {
            var started = Scrape.ScrapeCpuMeasurement.CurrentThreadCpu();
            for (var i = 0; i < passes / rates.Length; i++)
            {
                compressed = pass();
            }

            var cpu = Scrape.ScrapeCpuMeasurement.CurrentThreadCpu() - started;
            rates[round] = (double)(passes / rates.Length) * inputBytes / cpu.TotalSeconds / 1e6;
        }

        Array.Sort(rates);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: best {rates[^1]:F0}, median {rates[rates.Length / 2]:F0} MB/s per CPU second; {inputBytes} B in, {compressed} B out ({100.0 * compressed / inputBytes:F1} %)"));
    }
}
