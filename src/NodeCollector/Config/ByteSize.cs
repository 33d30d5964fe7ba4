using System.Globalization;

namespace NodeCollector.Config;

/// <summary>
/// Sizes as Prometheus writes them (<c>body_size_limit</c>): an integer with an optional unit
/// B, KB, MB, GB, TB or KiB, MiB, GiB, TiB. Both spellings are powers of 1024, as in Prometheus.
/// </summary>
internal static class ByteSize
{
    private static readonly (string Unit, long Size)[] Units =
    [
        ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("TiB", 1L << 40),
        ("KB", 1L << 10), ("MB", 1L << 20), ("GB", 1L << 30), ("TB", 1L << 40),
        ("B", 1),
    ];

    public static bool TryParse(ReadOnlySpan<char> text, out long bytes)
    {
        bytes = 0;
        text = text.Trim();
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        if (digits == 0 || !long.TryParse(text[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        var unit = text[digits..];
        if (unit.IsEmpty)
        {
            bytes = number;
            return true;
        }

        foreach (var (name, size) in Units)
        {
            if (unit.SequenceEqual(name))
            {
                if (number > long.MaxValue / size)
                {
                    return false;
                }

                bytes = number * size;
                return true;
            }
        }

        return false;
    }

    /// <summary>Formats with the largest binary unit that divides the size exactly (<c>256KiB</c>, <c>1GiB</c>).</summary>
    public static string Format(long bytes)
    {
        for (var i = 3; i >= 0; i--)
        {
            var (unit, size) = Units[i];
            if (bytes != 0 && bytes % size == 0)
            {
                return (bytes / size).ToString(CultureInfo.InvariantCulture) + unit;
            }
        }

        return bytes.ToString(CultureInfo.InvariantCulture) + "B";
    }
}
