using System.Globalization;
using BenchmarkDotNet.Attributes;
using NodeCollector.Metrics;

namespace NodeCollector.Benchmarks.Metrics;

/// <summary>Go-layout formatting of typical metric values against .NET's own round-trip formatting of the same values.</summary>
[MemoryDiagnoser]
public class GoFloatFormatterBenchmark
{
    private const int Count = 1024;
    private readonly double[] _values = new double[Count];
    private readonly byte[] _destination = new byte[GoFloatFormatter.MaxLength];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        for (var i = 0; i < Count; i++)
        {
            _values[i] = (i % 4) switch
            {
                0 => random.NextInt64(0, 1L << 40),
                1 => Math.Round(random.NextDouble() * 1e5, 2),
                2 => random.NextDouble(),
                _ => random.Next(0, 1000),
            };
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Count)]
    public int DotNetRoundTrip()
    {
        var total = 0;
        foreach (var value in _values)
        {
            value.TryFormat(_destination, out var written, "R", CultureInfo.InvariantCulture);
            total += written;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public int GoLayout()
    {
        var total = 0;
        foreach (var value in _values)
        {
            total += GoFloatFormatter.Format(value, _destination);
        }

        return total;
    }
}
