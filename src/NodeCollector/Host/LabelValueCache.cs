using System.Text;

namespace NodeCollector.Host;

/// <summary>
/// Turns label values read as bytes (device names, CPU numbers) into strings, once: the same bytes give the same
/// string on every collection, so a steady-state collection does not allocate them again. Bounded: when a host
/// churns through many names (veth interfaces) the cache starts over.
/// </summary>
internal sealed class LabelValueCache
{
    private const int MaxEntries = 4096;
    private const int MaxStackChars = 256;

    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public LabelValueCache()
    {
        _lookup = _values.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxStackChars)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        Span<char> chars = stackalloc char[MaxStackChars];
        var length = Encoding.UTF8.GetChars(utf8, chars);
        return Get(chars[..length]);
    }

    public string Get(ReadOnlySpan<char> text)
    {
        if (_lookup.TryGetValue(text, out var value))
        {
            return value;
        }

        if (_values.Count >= MaxEntries)
        {
            _values.Clear();
        }

        value = text.ToString();
        _values[value] = value;
        return value;
    }

    /// <summary>The decimal form of a small number (a CPU index), cached like any other value.</summary>
    public string Get(long number)
    {
        Span<char> chars = stackalloc char[20];
        number.TryFormat(chars, out var length, default, System.Globalization.CultureInfo.InvariantCulture);
        return Get(chars[..length]);
    }
}
