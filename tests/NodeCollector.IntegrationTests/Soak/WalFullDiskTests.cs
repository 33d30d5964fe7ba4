using HostMocks.Soak;
using Microsoft.Extensions.Logging.Abstractions;
using NodeCollector.Export.RemoteWrite.Wal;
using NodeCollector.Labels;

namespace NodeCollector.IntegrationTests.Soak;

/// <summary>
/// The WAL on a real 1 MiB tmpfs (<see cref="SizeLimitedDirectory"/>) that fills up: appends the disk refuses are
/// counted and reported as false, nothing throws, and once space is back appends succeed again and everything
/// appended before and after the full disk reads back from the WAL.
/// </summary>
public sealed class WalFullDiskTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nc-wal-full-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Appends_refused_by_a_full_disk_are_counted_and_the_WAL_recovers_when_space_is_back()
    {
        using var disk = await SizeLimitedDirectory.CreateAsync(Path.Combine(_dir, "disk"), 1L << 20);
        var walDir = Path.Combine(disk.OutsidePath, "wal");
        var series = new WalSeries(1, LabelSet.From([new Label("__name__", "rounds_total"), new Label("job", "wal-test")]));
        var accepted = new List<long>();
        using (var wal = WriteAheadLog.Open(walDir, 1L << 30, TimeSpan.FromHours(2), TimeProvider.System, NullLogger.Instance, segmentSize: 64 * 1024))
        {
            for (var round = 1L; round <= 10; round++)
            {
                Assert.True(wal.Append([new WalSample(series, round * 1000, round)]));
                accepted.Add(round);
            }

            // Records go into pages the segment already has until one needs a new page: append until refused.
            disk.Fill();
            var refused = 0;
            for (var round = 11L; round <= 2000 && refused < 3; round++)
            {
                refused += wal.Append([new WalSample(series, round * 1000, round)]) ? 0 : 1;
            }

            Assert.True(refused > 0, "a full disk refused no append");
            Assert.Equal(refused, wal.Stats.AppendFailures);

            disk.Free();
            for (var round = 2001L; round <= 2010; round++)
            {
                Assert.True(wal.Append([new WalSample(series, round * 1000, round)]), $"round {round} refused after the disk was freed");
                accepted.Add(round);
            }
        }

        Assert.Subset(ReadBack(walDir).ToHashSet(), accepted.ToHashSet());
    }

    private static List<long> ReadBack(string walDir)
    {
        using var wal = WriteAheadLog.Open(walDir, 1L << 30, TimeSpan.FromHours(2), TimeProvider.System, NullLogger.Instance);
        using var reader = new WalReader(wal, new WalPosition(wal.Segments[0].Index, 0));
        var visitor = new Values();
        while (reader.TryRead(out var payload, out _, out _))
        {
            WalCommitDecoder.TryDecode(payload.Span, visitor, []);
        }

        return visitor.Rounds;
    }

    private sealed class Values : WalCommitDecoder.IVisitor
    {
        public List<long> Rounds { get; } = [];

        public void OnSeries(ulong reference, LabelSet labels)
        {
        }

        public void OnSample(ulong reference, long timestampMs, double value) => Rounds.Add((long)value);
    }
}
