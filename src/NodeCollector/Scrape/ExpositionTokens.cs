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

    public static int ScanMetricName(ReadOnlySpan<byte> body, int start, int end)
    {
        var i = start;
        while (i < end && (char.IsAsciiLetter((char)body[i]) || body[i] is (byte)'_' or (byte)':' || (i > start && char.IsAsciiDigit((char)body[i]))))
        {
            i++;
        }

        return i;
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
