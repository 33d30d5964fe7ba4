using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace HostMocks.Kubernetes;

/// <summary>One open watch on the fake server: the lines still to write to it, and the controls tests use on it.</summary>
internal sealed class FakeWatchSession(FakeObjectKind kind, FieldSelector selector, bool bookmarks, HttpContext context)
{
    /// <summary>Written instead of the next event: half an event, then the response ends.</summary>
    public static readonly byte[] TruncateMarker = [];

    private readonly Channel<byte[]> _lines = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });

    public FakeObjectKind Kind => kind;

    public bool WantsBookmarks => bookmarks;

    /// <summary>A stalled watch writes nothing more and ignores its timeout, like a hung server.</summary>
    public bool Stalled { get; private set; }

    public ChannelReader<byte[]> Lines => _lines.Reader;

    public bool Matches(FakeHistoryEvent change) => change.Kind == kind && selector.Matches(change.Name, change.NodeName);

    public void Enqueue(byte[] line)
    {
        if (!Stalled)
        {
            _lines.Writer.TryWrite(line);
        }
    }

    public void Stall() => Stalled = true;

    public void Truncate() => _lines.Writer.TryWrite(TruncateMarker);

    /// <summary>Cuts the connection without ending the response: the client sees a dropped stream.</summary>
    public void Drop()
    {
        _lines.Writer.TryComplete();
        context.Abort();
    }
}
