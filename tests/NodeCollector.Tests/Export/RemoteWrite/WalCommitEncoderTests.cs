using NodeCollector.Export.RemoteWrite.Wal;
using NodeCollector.Labels;

namespace NodeCollector.Tests.Export.RemoteWrite;

public sealed class WalCommitEncoderTests
{
    [Fact]
    public void A_series_is_defined_once_per_segment()
    {
        var encoder = new WalCommitEncoder();
        var a = new WalSeries(1, LabelSet.From([new("__name__", "a"), new("job", "test")]));

        var first = encoder.Encode([new WalSample(a, 1000, 1)], segment: 3, nowMs: 1000);
        var second = encoder.Encode([new WalSample(a, 2000, 2)], segment: 3, nowMs: 2000);
        var inNextSegment = encoder.Encode([new WalSample(a, 3000, 3)], segment: 4, nowMs: 3000);

        Assert.True(second < first, "the second record must not define the series again");
        Assert.Equal(first, inNextSegment);
    }

    [Fact]
    public void After_a_record_the_disk_refused_the_next_record_defines_its_series_again()
    {
        var encoder = new WalCommitEncoder();
        var a = new WalSeries(1, LabelSet.From([new("__name__", "a"), new("job", "test")]));
        var defining = encoder.Encode([new WalSample(a, 1000, 1)], segment: 3, nowMs: 1000);

        encoder.ForgetLastRecord();
        var retried = encoder.Encode([new WalSample(a, 1000, 1)], segment: 3, nowMs: 1000);

        Assert.Equal(defining, retried);
        var decoded = new List<string>();
        Assert.True(WalCommitDecoder.TryDecode(encoder.Record[WalFormat.HeaderSize..], new Definitions(decoded), []));
        Assert.Equal(["1:a"], decoded);
    }

    private sealed class Definitions(List<string> names) : WalCommitDecoder.IVisitor
    {
        public void OnSeries(ulong reference, LabelSet labels) => names.Add($"{reference}:{labels.Get("__name__")}");

        public void OnSample(ulong reference, long timestampMs, double value)
        {
        }
    }
}
