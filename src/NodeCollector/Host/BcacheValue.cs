namespace NodeCollector.Host;

/// <summary>
/// bcache's human-readable sizes (<c>20.4G</c>, <c>427.5k</c>, <c>1.1M/sec</c>): one decimal digit that counts tenths of
/// 1.024 of the unit (bcache's own rounding), times a binary multiplier, truncated to a whole number as the procfs
/// library does. Plain numbers are read as they are.
/// </summary>
internal static class BcacheValue
{
    public static bool TryParse(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        text = text.Trim(" \t\n"u8);
        if (text.EndsWith("/sec"u8))
        {
            text = text[..^4];
        }

        var negative = text.StartsWith("-"u8);
        if (negative)
        {
            text = text[1..];
        }

        if (text.IsEmpty)
        {
            return false;
        }

        var multiplier = text[^1] switch
        {
            (byte)'k' => 1024.0,
            (byte)'M' => 1024.0 * 1024,
            (byte)'G' => 1024.0 * 1024 * 1024,
            (byte)'T' => 1024.0 * 1024 * 1024 * 1024,
            (byte)'P' => 1024.0 * 1024 * 1024 * 1024 * 1024,
            (byte)'E' => 1024.0 * 1024 * 1024 * 1024 * 1024 * 1024,
            _ => 0,
        };
        if (multiplier == 0)
        {
            if (!Ascii.TryParseUInt64(text, out var plain))
            {
                return false;
            }

            value = negative ? -(double)plain : plain;
            return true;
        }

        text = text[..^1];
        var dot = text.IndexOf((byte)'.');
        var whole = dot < 0 ? text : text[..dot];
        if (!Ascii.TryParseUInt64(whole, out var integer))
        {
            return false;
        }

        double mantissa = integer;
        if (dot >= 0)
        {
            if (!Ascii.TryParseUInt64(text[(dot + 1)..], out var tenths))
            {
                return false;
            }

            mantissa += tenths / 10.24;
        }

        value = Math.Truncate(mantissa * multiplier) * (negative ? -1 : 1);
        return true;
    }
}
