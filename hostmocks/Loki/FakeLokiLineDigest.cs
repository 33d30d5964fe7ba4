namespace HostMocks.Loki;

/// <summary>
/// An order-sensitive 64-bit FNV-1a digest of a stream's lines, each followed by a separator: two streams have the same
/// digest when (barring a hash collision) they hold the same lines in the same order. Lets a long benchmark check that
/// every line arrived, once and in order, without the fake keeping gigabytes of lines.
/// </summary>
internal static class FakeLokiLineDigest
{
    public const ulong Empty = 14695981039346656037;

    private const ulong Prime = 1099511628211;

    public static ulong Add(ulong digest, string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        foreach (var c in line)
        {
            digest = (digest ^ c) * Prime;
        }

        // The separator is not a UTF-16 code unit, so "ab","c" and "a","bc" differ.
        return (digest ^ 0x1_0000) * Prime;
    }

    public static ulong Of(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var digest = Empty;
        foreach (var line in lines)
        {
            digest = Add(digest, line);
        }

        return digest;
    }
}
