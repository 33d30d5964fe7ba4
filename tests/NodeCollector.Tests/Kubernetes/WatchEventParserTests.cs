using System.Buffers;
using System.Text;
using NodeCollector.Kubernetes.Api;

namespace NodeCollector.Tests.Kubernetes;

public sealed class WatchEventParserTests
{
    public static TheoryData<string, string, string?> ValidEvents => new()
    {
        { """{"type":"ADDED","object":{"kind":"Pod","metadata":{"name":"a","namespace":"n","resourceVersion":"5"}}}""", nameof(WatchEventType.Added), "5" },
        { """{"type":"MODIFIED","object":{"metadata":{"name":"a","resourceVersion":"6"},"spec":{"nodeName":"x"}}}""", nameof(WatchEventType.Modified), "6" },
        { """{"type":"DELETED","object":{"metadata":{"name":"a","resourceVersion":"7"}}}""", nameof(WatchEventType.Deleted), "7" },
        { """{"type":"BOOKMARK","object":{"kind":"Pod","apiVersion":"v1","metadata":{"resourceVersion":"12345","annotations":{"k8s.io/initial-events-end":"true"}}}}""", nameof(WatchEventType.Bookmark), "12345" },
        { """{"object":{"metadata":{"name":"a","resourceVersion":"8"}},"type":"ADDED"}""", nameof(WatchEventType.Added), "8" },
        { """  {"type":"ADDED","extra":[1,{"x":2}],"object":{"metadata":{"resourceVersion":"9"},"unknownField":{"deep":[true]}}}  """, nameof(WatchEventType.Added), "9" },
    };

    public static TheoryData<string, string> InvalidEvents => new()
    {
        { """{"type":"ADDED","object":{"metadata":{"name":"a"}""", nameof(WatchStreamFailure.Malformed) },
        { """{"type":"ADDED","object":{"metadata":{"name":"a"}}}garbage""", nameof(WatchStreamFailure.Malformed) },
        { """{"type":"ADDED","object":{"metadata":{"name":"a"}}}{"type":"ADDED"}""", nameof(WatchStreamFailure.Malformed) },
        { """["ADDED"]""", nameof(WatchStreamFailure.Malformed) },
        { """{"type":"ADDED"}""", nameof(WatchStreamFailure.Malformed) },
        { """{"object":{"metadata":{}}}""", nameof(WatchStreamFailure.Malformed) },
        { """{"type":"ADDED","object":{"spec":{"containers":"not a list"}}}""", nameof(WatchStreamFailure.Malformed) },
        { """{"type":"ADDED","object":null}""", nameof(WatchStreamFailure.Malformed) },
        { """{"type":"RESYNC","object":{"metadata":{}}}""", nameof(WatchStreamFailure.UnknownEventType) },
    };

    [Theory]
    [MemberData(nameof(ValidEvents))]
    public void Parses_every_event_type(string line, string type, string? resourceVersion)
    {
        Assert.True(Parse(line, out var watchEvent, out _, out var problem), problem);
        Assert.Equal(Enum.Parse<WatchEventType>(type), watchEvent!.Type);
        Assert.Equal(resourceVersion, watchEvent.ResourceVersion);
    }

    [Fact]
    public void Error_event_carries_the_status()
    {
        const string line = """{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 5 (900)","reason":"Expired","code":410}}""";
        Assert.True(Parse(line, out var watchEvent, out _, out var problem), problem);
        Assert.Equal(WatchEventType.Error, watchEvent!.Type);
        Assert.Equal(410, watchEvent.Status!.Code);
        Assert.Equal("Expired", watchEvent.Status.Reason);
        Assert.Null(watchEvent.Object);
    }

    [Theory]
    [MemberData(nameof(InvalidEvents))]
    public void Reports_bad_lines_without_throwing(string line, string expected)
    {
        Assert.False(Parse(line, out var watchEvent, out var failure, out var problem));
        Assert.Null(watchEvent);
        Assert.Equal(Enum.Parse<WatchStreamFailure>(expected), failure);
        Assert.NotEmpty(problem);
    }

    [Fact]
    public void Invalid_utf8_is_malformed()
    {
        byte[] line = [(byte)'{', (byte)'"', 0xff, 0xfe, (byte)'"', (byte)':', (byte)'1', (byte)'}'];
        Assert.False(WatchEventParser.TryParse(new ReadOnlySequence<byte>(line), KubernetesJsonContext.Default.V1Pod, out _, out var failure, out _));
        Assert.Equal(WatchStreamFailure.Malformed, failure);
    }

    private static bool Parse(string line, out WatchEvent<V1Pod>? watchEvent, out WatchStreamFailure failure, out string problem) =>
        WatchEventParser.TryParse(
            new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(line)),
            KubernetesJsonContext.Default.V1Pod,
            out watchEvent,
            out failure,
            out problem);
}
