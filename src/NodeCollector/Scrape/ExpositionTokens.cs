namespace NodeCollector.Scrape;

/// <summary>The token scanners of the exposition formats: names, quoted values, separators, over UTF-8 bytes.</summary>
internal static class ExpositionTokens
{
    public static bool ScanQuoted(ReadOnlySpan<byte> body, ref int position, int end, out Range value, out bool escaped)
    {
        var start = position + 1;
        escaped = false;
        for (var i = start; i < end; i++)
        {
            if (body[i] == '\\')
            {
                escaped = true;
                i++;
            }
            else if (body[i] == '"')
            {
                value = start..i;
                position = i + 1;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static readonly System.Buffers.SearchValues<byte> MetricNameBytes =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_:"u8);

    /// <summary>The end of a metric name (<c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>) starting at <paramref name="start"/>; vectorized, names are long.</summary>
    public static int ScanMetricName(ReadOnlySpan<byte> body, int start, int end)
    {
        if (start >= end || char.IsAsciiDigit((char)body[start]))
        {
            return start;
        }

        var length = body[start..end].IndexOfAnyExcept(MetricNameBytes);
        return length < 0 ? end : start + length;
    }

    public static int ScanLabelName(ReadOnlySpan<byte> body, int start, int end)
    {
        var i = start;
        while (i < end && (char.IsAsciiLetter((char)body[i]) || body[i] == '_' || (i > start && char.IsAsciiDigit((char)body[i]))))
        {
            i++;
        }

        return i;
    }

    public static int SkipSpace(ReadOnlySpan<byte> body, int i, int end)
    {
        while (i < end && (body[i] == ' ' || body[i] == '\t'))
        {
            i++;
        }

        return i;
    }

    public static int SkipToken(ReadOnlySpan<byte> body, int i, int end)
    {
        while (i < end && body[i] != ' ' && body[i] != '\t')
        {
            i++;
        }

        return i;
    }

    public static string Excerpt(ReadOnlySpan<byte> body, int start, int end)
    {
        var slice = body[start..Math.Min(end, start + 40)];
        return System.Text.Encoding.UTF8.GetString(slice) + (end - start > 40 ? "…" : "");
    }
}
