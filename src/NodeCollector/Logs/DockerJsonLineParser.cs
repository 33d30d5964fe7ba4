using System.Text.Json;

namespace NodeCollector.Logs;

/// <summary>
/// Parses one line of Docker's json-file format, <c>{"log":"…\n","stream":"stdout","time":"…"}</c>: the unescaped
/// <c>log</c> text goes into a caller buffer at least as long as the line. A <c>log</c> without its trailing newline is
/// a partial chunk of a longer line (Docker splits at 16 KiB).
/// </summary>
internal static class DockerJsonLineParser
{
    public static CriParseStatus TryParse(ReadOnlySpan<byte> line, Span<byte> content, out CriLine parsed, out int contentLength)
    {
        parsed = default;
        contentLength = -1;
        var stream = LogStream.Stdout;
        var haveStream = false;
        long nanos = 0;
        var timeOk = false;
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return CriParseStatus.Malformed;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("log"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return CriParseStatus.Malformed;
                    }

                    contentLength = reader.CopyString(content);
                }
                else if (reader.ValueTextEquals("stream"u8))
                {
                    reader.Read();
                    haveStream = reader.ValueTextEquals("stdout"u8) || reader.ValueTextEquals("stderr"u8);
                    stream = reader.ValueTextEquals("stderr"u8) ? LogStream.Stderr : LogStream.Stdout;
                }
                else if (reader.ValueTextEquals("time"u8))
                {
                    reader.Read();
                    timeOk = reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped
                        && Rfc3339Timestamp.TryParseUnixNanos(reader.ValueSpan, out nanos);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            return CriParseStatus.Malformed;
        }

        if (contentLength < 0 || !haveStream)
        {
            return CriParseStatus.Malformed;
        }

        var partial = contentLength == 0 || content[contentLength - 1] != '\n';
        if (!partial)
        {
            contentLength--;
        }

        parsed = new CriLine(nanos, stream, partial, 0);
        return timeOk ? CriParseStatus.Ok : CriParseStatus.BadTimestamp;
    }
}
