using NodeCollector.Logs;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Logs;

public sealed class PositionsFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nc-pos-").FullName;
    private readonly LogsCounters _counters = new();
    private readonly ListLogger _logger = new();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_missing_file_is_a_first_start()
    {
        var load = Positions("state/positions.json").Load();
        Assert.True(load.FirstStart);
        Assert.False(load.WasCorrupt);
        Assert.Empty(load.Entries);
    }

    [Fact]
    public void Saved_entries_load_back_exactly()
    {
        var file = Positions("state/positions.json");
        PositionEntry[] entries =
        [
            new("/var/log/pods/a_b_c/app/0.log", 2049, 131074, new FileFingerprint(0xFEDCBA9876543210, 256), 12345, 20000, false),
            new("/var/log/pods/a_b_c/app/0.log.20240101-120000.gz", ulong.MaxValue, 7, new FileFingerprint(1, 10), 0, 99, true),
        ];
        Assert.True(file.TrySave(entries));
        var load = Positions("state/positions.json").Load();
        Assert.False(load.FirstStart);
        Assert.Equal(entries, load.Entries);
    }

    [Fact]
    public void Saving_replaces_the_file_whole_and_leaves_no_temporary_file()
    {
        var file = Positions("positions.json");
        Assert.True(file.TrySave([new("/a", 1, 1, new FileFingerprint(1, 1), 1, 1, false)]));
        var before = new FileInfo(file.Path);
        Assert.True(file.TrySave([new("/b", 2, 2, new FileFingerprint(2, 2), 2, 2, false)]));
        Assert.Equal(["positions.json"], Directory.GetFiles(_dir).Select(Path.GetFileName));
        Assert.Equal("/b", Assert.Single(Positions("positions.json").Load().Entries).Path);
        Assert.NotNull(before);
    }

    [Theory]
    [InlineData("{\"version\":1,\"files\":[{\"path\":\"/a\",\"device\":1")]
    [InlineData("not json at all")]
    [InlineData("")]
    [InlineData("{\"version\":2,\"files\":[]}")]
    [InlineData("{\"version\":1,\"files\":[{\"path\":\"/a\",\"device\":1,\"inode\":1,\"fingerprint\":\"zz\",\"fingerprint_bytes\":1,\"offset\":1,\"size\":1,\"gzip\":false}]}")]
    [InlineData("{\"version\":1,\"files\":[{\"path\":\"/a\",\"device\":1,\"inode\":1,\"fingerprint\":\"01\",\"fingerprint_bytes\":1,\"offset\":-5,\"size\":1,\"gzip\":false}]}")]
    public void A_corrupt_file_is_moved_aside_counted_and_logged_and_reading_starts_over(string content)
    {
        var path = Path.Combine(_dir, "positions.json");
        File.WriteAllText(path, content);
        var load = Positions("positions.json").Load();

        Assert.True(load.WasCorrupt);
        Assert.False(load.FirstStart);
        Assert.Empty(load.Entries);
        Assert.False(File.Exists(path));
        var aside = Assert.Single(Directory.GetFiles(_dir, "positions.json.corrupt-*"));
        Assert.Equal(content, File.ReadAllText(aside));
        Assert.Equal(1, _counters.PositionsCorrupt);
        Assert.Contains(_logger.Entries, e => e.EventId == 6011);

        Assert.True(Positions("positions.json").TrySave([]));
        Assert.False(Positions("positions.json").Load().WasCorrupt);
    }

    private PositionsFile Positions(string relative) =>
        new(Path.Combine(_dir, relative), _counters, _logger, new FakeTimeProvider());
}
