using System.Text;

namespace NodeCollector.Scrape;

/// <summary>
/// Unescaping of label values (<c>\\</c>, <c>\"</c>, <c>\n</c>) and HELP texts. Unknown escapes are kept verbatim, as the
/// Prometheus server does, rather than failing the scrape.
/// </summary>
internal static class ExpositionEscapes
{
    public static string Unescape(ReadOnlySpan<byte> value, bool hasEscapes) =>
        hasEscapes ? Decode(value, quoteEscapes: true) : Encoding.UTF8.GetString(value);

    /// <summary>Text 0.0.4 HELP escapes only <c>\\</c> and <c>\n</c>; OpenMetrics also <c>\"</c>.</summary>
    public static string UnescapeHelp(ReadOnlySpan<byte> text, bool openMetrics) =>
        text.Contains((byte)'\\') ? Decode(text, quoteEscapes: openMetrics) : Encoding.UTF8.GetString(text);

    private static string Decode(ReadOnlySpan<byte> value, bool quoteEscapes)
    {
        var bytes = new byte[value.Length];
        var length = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var b = value[i];
            if (b == '\\' && i + 1 < value.Length)
            {
                var next = value[i + 1];
                if (next == '\\' || next == 'n' || (quoteEscapes && next == '"'))
                {
                    bytes[length++] = next == 'n' ? (byte)'\n' : next;
                    i++;
                    continue;
                }
            }

            bytes[length++] = b;
        }

        return Encoding.UTF8.GetString(bytes, 0, length);
    }
}
