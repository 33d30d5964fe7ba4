namespace NodeCollector.Logs;

/// <summary>
/// Splits one CRI log line (<c>&lt;RFC3339Nano&gt; &lt;stdout|stderr&gt; &lt;P|F&gt;[:more tags] &lt;content&gt;</c>, without its
/// newline) into its parts. Content is everything after the third space, verbatim. Never throws, never allocates.
/// </summary>
internal static class CriLineParser
{
    public static CriParseStatus TryParse(ReadOnlySpan<byte> line, out CriLine parsed)
    {
        parsed = default;
        var firstSpace = line.IndexOf((byte)' ');
        if (firstSpace <= 0)
        {
            return CriParseStatus.Malformed;
        }

        var rest = line[(firstSpace + 1)..];
        LogStream stream;
        if (rest.StartsWith("stdout "u8))
        {
            stream = LogStream.Stdout;
        }
        else if (rest.StartsWith("stderr "u8))
        {
            stream = LogStream.Stderr;
        }
        else
        {
            return CriParseStatus.Malformed;
        }

        var tagStart = firstSpace + 8;
        var tags = line[tagStart..];
        var tagEnd = tags.IndexOf((byte)' ');
        var tagField = tagEnd < 0 ? tags : tags[..tagEnd];
        var colon = tagField.IndexOf((byte)':');
        var tag = colon < 0 ? tagField : tagField[..colon];
        if (tag.Length != 1 || (tag[0] != 'P' && tag[0] != 'F'))
        {
            return CriParseStatus.Malformed;
        }

        var contentStart = tagEnd < 0 ? line.Length : tagStart + tagEnd + 1;
        var ok = Rfc3339Timestamp.TryParseUnixNanos(line[..firstSpace], out var nanos);
        parsed = new CriLine(nanos, stream, tag[0] == 'P', contentStart);
        return ok ? CriParseStatus.Ok : CriParseStatus.BadTimestamp;
    }
}
