using System.Text;
using NodeCollector.Scrape;

namespace NodeCollector.Export.RemoteWrite.Wal;

/// <summary>
/// Label names and values decoded from the WAL, one string per distinct text: every segment defines its series
/// again, and many series share names and values (<c>job</c>, <c>instance</c>, a pod name), so without a pool each
/// definition would hold its own copies. Bounded: past <see cref="Limit"/> entries it starts over.
/// </summary>
internal sealed class WalStringPool
{
    public const int Limit = 1 << 18;

    private readonly Dictionary<byte[], string> _strings = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], string>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    public WalStringPool()
    {
        _lookup = _strings.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (_lookup.TryGetValue(utf8, out var text))
        {
            return text;
        }

        if (_strings.Count >= Limit)
        {
            _strings.Clear();
        }

        text = Encoding.UTF8.GetString(utf8);
        _strings[utf8.ToArray()] = text;
        return text;
    }
}
