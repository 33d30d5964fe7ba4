using Microsoft.Extensions.Logging.Abstractions;
using NodeCollector.Export.RemoteWrite;
using NodeCollector.Export.RemoteWrite.Wal;
using NodeCollector.Labels;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Export.RemoteWrite;

/// <summary>The appender's guess from the previous round must give exactly the series a table lookup would.</summary>
public sealed class RemoteWriteAppenderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nodecollector-appender-").FullName;
    private readonly FakeTimeProvider _time = new();
    private readonly WriteAheadLog _wal;
    private readonly WalSeriesTable _table;
    private readonly RemoteWriteAppender _appender;
    private readonly Label[] _target = [new("instance", "a:9100"), new("job", "node")];

    public RemoteWriteAppenderTests()
    {
        _wal = WriteAheadLog.Open(_dir, 1L << 30, TimeSpan.FromHours(2), _time, NullLogger.Instance);
        _table = new WalSeriesTable(new Dictionary<string, string>(), _time);
        _appender = new RemoteWriteAppender(_wal, _table, new MetadataStore());
    }

    public void Dispose()
    {
        _wal.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Series_written_in_the_same_order_keep_their_reference_and_a_changed_order_or_array_still_finds_the_same_series()
    {
        Label[] a = [new("cpu", "0")];
        Label[] b = [new("cpu", "1")];
        var first = Round(("m", a), ("m", b));
        Assert.Equal(first, Round(("m", a), ("m", b)));
        Assert.Equal([first[1], first[0]], Round(("m", b), ("m", a)));
        Assert.Equal(first, Round(("m", [new("cpu", "0")]), ("m", [new("cpu", "1")])));
        Assert.Equal(2, _table.Count);
    }

    [Fact]
    public void A_different_name_or_target_at_the_same_position_is_a_different_series()
    {
        Label[] a = [new("cpu", "0")];
        var first = Round(("m", a));
        var renamed = Round(("n", a));
        Assert.NotEqual(first, renamed);
        _appender.Begin(1000, [new("instance", "b:9100"), new("job", "node")]);
        _appender.WriteImmutableSample("n", a, 1);
        Assert.True(_appender.Commit());
        Assert.Equal(3, _table.Count);
    }

    [Fact]
    public void Series_the_appender_keeps_writing_survive_the_idle_sweep_and_after_a_long_pause_the_guess_is_not_trusted()
    {
        Label[] a = [new("cpu", "0")];
        var first = Round(("m", a));
        for (var minute = 0; minute < 15; minute++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(first, Round(("m", a)));
        }

        // Another producer's commit sweeps while this one pauses; its remembered entry is gone from the table.
        _time.Advance(WalSeriesTable.IdleLimit + TimeSpan.FromMinutes(1));
        var other = new RemoteWriteAppender(_wal, _table, new MetadataStore());
        other.Begin(1000, _target);
        other.WriteSample("other", a, 1);
        Assert.True(other.Commit());
        Assert.Equal(1, _table.Count);

        var after = Round(("m", a));
        Assert.NotEqual(first, after);
        Assert.Equal(after[0], _table.GetOrAdd("m", a, null, [.. _target]).Ref);
    }

    /// <summary>One round; returns the references of the series the appender wrote, in order.</summary>
    private ulong[] Round(params (string Name, Label[] Labels)[] samples)
    {
        _appender.Begin(1000, _target);
        foreach (var (name, labels) in samples)
        {
            _appender.WriteImmutableSample(name, labels, 1);
        }

        var refs = new List<ulong>();
        foreach (var sample in _appender.Pending)
        {
            refs.Add(sample.Series.Ref);
        }

        Assert.True(_appender.Commit());
        return [.. refs];
    }
}
