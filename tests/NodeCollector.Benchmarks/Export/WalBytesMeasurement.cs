using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using NodeCollector.Export.RemoteWrite;
using NodeCollector.Export.RemoteWrite.Wal;
using NodeCollector.Metrics;

namespace NodeCollector.Benchmarks.Export;

/// <summary>
/// <c>-- wal-bytes [rounds]</c>: appends rounds of 1,000 cAdvisor-shaped series (as <see cref="WalAppendBenchmark"/>)
/// through the appender, 15 s apart, and prints the WAL's bytes on disk per sample, series definitions included.
/// </summary>
internal static class WalBytesMeasurement
{
    public static void Run(int rounds)
    {
        var dir = Directory.CreateTempSubdirectory("nodecollector-wal-bytes-").FullName;
        try
        {
            using var wal = WriteAheadLog.Open(dir, 1L << 30, TimeSpan.FromDays(1), TimeProvider.System, NullLogger.Instance);
            var appender = new RemoteWriteAppender(wal, new WalSeriesTable(new Dictionary<string, string>(), TimeProvider.System), new MetadataStore());
            var sets = RemoteWriteSeriesShapes.Create(1000);
            var written = sets.Select(l => (l.Get("__name__"), l.Labels.ToArray().Where(x => x.Name != "__name__").ToArray())).ToArray();
            for (var round = 0; round < rounds; round++)
            {
                appender.Begin(1_700_000_000_000 + (round * 15_000L), []);
                var i = 0;
                foreach (var (name, labels) in written)
                {
                    appender.WriteSample(name, labels, (round * 1000.0) + i++);
                }

                appender.Commit();
            }

            var bytes = Directory.EnumerateFiles(dir).Sum(f => new FileInfo(f).Length);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wal: {rounds} rounds x 1000 series, {bytes} bytes in {Directory.EnumerateFiles(dir).Count()} segments: {bytes / (rounds * 1000.0):F1} bytes per sample"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
