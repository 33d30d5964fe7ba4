using System.Diagnostics;
using System.Globalization;
using NodeCollector.Config;
using NodeCollector.Labels;
using NodeCollector.Metrics;
using NodeCollector.Scrape;

namespace NodeCollector.Benchmarks.Scrape;

/// <summary>
/// <c>-- scrape-cpu [N]</c>: N warm parse + relabel + append passes over the kubelet cAdvisor fixture on one thread,
/// printing this thread's CPU time per pass, samples per CPU second and bytes allocated per sample. A quicker,
/// load-tolerant companion of <see cref="KubeletScrapeAppendBenchmark"/> (CPU time, not wall time).
/// </summary>
internal static class ScrapeCpuMeasurement
{
    public static void Run(int passes)
    {
        var fixtures = HostTrees.FixturesDir() ?? throw new InvalidOperationException("shared/fixtures not found; set NODECOLLECTOR_FIXTURES");
        var body = File.ReadAllBytes(Path.Combine(fixtures, "kubelet", "cadvisor.txt"));
        var appender = KubeletScrapeAppendBenchmark.CreateAppender();
        var writer = new KubeletScrapeAppendBenchmark.CountingWriter();
        for (var i = 0; i < 200; i++)
        {
            appender.Append(writer, body, openMetrics: false);
        }

        writer.Samples = 0;
        var thread = CurrentThreadCpu();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < passes; i++)
        {
            appender.Append(writer, body, openMetrics: false);
        }

        var wall = clock.Elapsed;
        if (Environment.GetEnvironmentVariable("SCRAPE_CPU_PARSE_ONLY") == "1")
        {
            var parser = new ExpositionParser { KnownSeries = new AlwaysKnown() };
            var before = CurrentThreadCpu();
            long lines = 0;
            for (var i = 0; i < passes; i++)
            {
                parser.Reset(body, false);
                while (parser.Next())
                {
                    lines++;
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"parse only (labels skipped): CPU {(CurrentThreadCpu() - before).TotalMilliseconds / passes:F3} ms per pass, {lines / passes} entries"));
        }

        var cpu = CurrentThreadCpu() - thread;
        var bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
        var samples = (double)writer.Samples;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cadvisor: {passes} passes of {writer.Samples / passes} samples; CPU {cpu.TotalMilliseconds / passes:F3} ms, wall {wall.TotalMilliseconds / passes:F3} ms per pass; {samples / cpu.TotalSeconds / 1e6:F2} M samples per CPU second; {bytes / samples:F3} bytes allocated per sample"));
    }

    private sealed class AlwaysKnown : IKnownSeries
    {
        public bool IsKnown(ReadOnlySpan<byte> seriesKey) => true;
    }

    /// <summary>This thread's user + system CPU time, from /proc/thread-self/stat (clock ticks of 10 ms are too coarse, so schedstat).</summary>
    internal static TimeSpan CurrentThreadCpu()
    {
        var text = File.ReadAllText("/proc/thread-self/schedstat");
        var ns = long.Parse(text.AsSpan(0, text.IndexOf(' ', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
        return TimeSpan.FromTicks(ns / 100);
    }
}
