using System.Globalization;

namespace NodeCollector.Host;

/// <summary>Splitting and number parsing over the ASCII bytes of proc and sys files, without allocating.</summary>
internal static class Ascii
{
    /// <summary>Takes the next line (without its newline) off <paramref name="text"/>; false at the end.</summary>
    public static bool NextLine(ref ReadOnlySpan<byte> text, out ReadOnlySpan<byte> line)
    {
        if (text.IsEmpty)
        {
            line = default;
            return false;
        }

        var end = text.IndexOf((byte)'\n');
        if (end < 0)
        {
            line = text;
            text = default;
            return true;
        }

        line = text[..end];
        text = text[(end + 1)..];
        return true;
    }

    /// <summary>Takes the next field separated by spaces, tabs or newlines off <paramref name="line"/>; false when none is left.</summary>
    public static bool NextField(ref ReadOnlySpan<byte> line, out ReadOnlySpan<byte> field)
    {
        line = line.TrimStart(" \t\n"u8);
        if (line.IsEmpty)
        {
            field = default;
            return false;
        }

        var end = line.IndexOfAny((byte)' ', (byte)'\t', (byte)'\n');
        if (end < 0)
        {
            field = line;
            line = default;
            return true;
        }

        field = line[..end];
        line = line[end..];
        return true;
    }

    /// <summary>Counts the fields separated by spaces or tabs.</summary>
    public static int CountFields(ReadOnlySpan<byte> line)
    {
        var count = 0;
        while (NextField(ref line, out _))
        {
            count++;
        }

        return count;
    }

    public static bool TryParseUInt64(ReadOnlySpan<byte> text, out ulong value) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    public static bool TryParseInt64(ReadOnlySpan<byte> text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    public static bool TryParseHex(ReadOnlySpan<byte> text, out ulong value) =>
        ulong.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);

    /// <summary>A decimal number as Go's strconv.ParseFloat reads it (no thousands separators, no white space).</summary>
    public static bool TryParseDouble(ReadOnlySpan<byte> text, out double value) =>
        double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture, out value);

    /// <summary>A number field of a line, as a double (integers parsed exactly first, as procfs does).</summary>
    public static bool TryParseNumber(ReadOnlySpan<byte> text, out double value)
    {
        if (TryParseUInt64(text, out var integer))
        {
            value = integer;
            return true;
        }

        return TryParseDouble(text, out value);
    }
}
