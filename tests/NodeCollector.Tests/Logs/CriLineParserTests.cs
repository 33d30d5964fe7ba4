using System.Text;
using NodeCollector.Logs;

namespace NodeCollector.Tests.Logs;

public sealed class CriLineParserTests
{
    [Theory]
    [InlineData("2024-01-01T12:00:00Z stdout F hello world", (int)CriParseStatus.Ok, "stdout", false, "hello world")]
    [InlineData("2024-01-01T12:00:00.5Z stderr P part ", (int)CriParseStatus.Ok, "stderr", true, "part ")]
    [InlineData("2024-01-01T12:00:00Z stdout F ", (int)CriParseStatus.Ok, "stdout", false, "")]
    [InlineData("2024-01-01T12:00:00Z stdout F", (int)CriParseStatus.Ok, "stdout", false, "")]
    [InlineData("2024-01-01T12:00:00Z stdout F:x:y tagged", (int)CriParseStatus.Ok, "stdout", false, "tagged")]
    [InlineData("2024-01-01T12:00:00Z stdout F \ttabs  and spaces ", (int)CriParseStatus.Ok, "stdout", false, "\ttabs  and spaces ")]
    [InlineData("yesterday stdout F content", (int)CriParseStatus.BadTimestamp, "stdout", false, "content")]
    [InlineData("2024-13-01T12:00:00Z stderr F month 13", (int)CriParseStatus.BadTimestamp, "stderr", false, "month 13")]
    [InlineData("2024-01-01T12:00:00Z stdin F x", (int)CriParseStatus.Malformed, "", false, "")]
    [InlineData("2024-01-01T12:00:00Z stdout X x", (int)CriParseStatus.Malformed, "", false, "")]
    [InlineData("just some text", (int)CriParseStatus.Malformed, "", false, "")]
    [InlineData("", (int)CriParseStatus.Malformed, "", false, "")]
    public void Splits_a_line_into_its_parts(string text, int status, string stream, bool partial, string content)
    {
        var line = Encoding.UTF8.GetBytes(text);
        Assert.Equal((CriParseStatus)status, CriLineParser.TryParse(line, out var parsed));
        if ((CriParseStatus)status != CriParseStatus.Malformed)
        {
            Assert.Equal(stream, parsed.Stream == LogStream.Stdout ? "stdout" : "stderr");
            Assert.Equal(partial, parsed.Partial);
            Assert.Equal(content, Encoding.UTF8.GetString(line.AsSpan(parsed.ContentStart)));
        }
    }

    [Theory]
    [InlineData("1970-01-01T00:00:00Z", 0L)]
    [InlineData("2024-01-01T12:00:00.5Z", 1704110400500000000L)]
    [InlineData("2024-01-01T12:00:01.123456789Z", 1704110401123456789L)]
    [InlineData("2024-01-01T12:00:01.1234567891Z", 1704110401123456789L)]
    [InlineData("2024-01-01T14:00:03.000000000+02:00", 1704110403000000000L)]
    [InlineData("2024-01-01T07:00:03-05:00", 1704110403000000000L)]
    [InlineData("2024-02-29T00:00:00Z", 1709164800000000000L)]
    public void Parses_RFC3339_timestamps_to_unix_nanoseconds(string text, long expected)
    {
        Assert.True(Rfc3339Timestamp.TryParseUnixNanos(Encoding.ASCII.GetBytes(text), out var nanos));
        Assert.Equal(expected, nanos);
    }

    [Theory]
    [InlineData("2024-01-01 12:00:00Z")]
    [InlineData("2024-01-01T12:00:00")]
    [InlineData("2024-01-01T12:00:00.Z")]
    [InlineData("2023-02-29T00:00:00Z")]
    [InlineData("2024-01-01T12:00:00+2:00")]
    [InlineData("2024-01-01T25:00:00Z")]
    public void Rejects_timestamps_that_are_not_RFC3339(string text)
    {
        Assert.False(Rfc3339Timestamp.TryParseUnixNanos(Encoding.ASCII.GetBytes(text), out _));
    }

    [Theory]
    [InlineData("{\"log\":\"hi\\n\",\"stream\":\"stdout\",\"time\":\"2024-01-01T12:00:00Z\"}", (int)CriParseStatus.Ok, false, "hi")]
    [InlineData("{\"log\":\"chunk\",\"stream\":\"stderr\",\"time\":\"2024-01-01T12:00:00Z\"}", (int)CriParseStatus.Ok, true, "chunk")]
    [InlineData("{\"time\":\"2024-01-01T12:00:00Z\",\"stream\":\"stdout\",\"attrs\":{\"a\":1},\"log\":\"\\u00e9\\n\"}", (int)CriParseStatus.Ok, false, "é")]
    [InlineData("{\"log\":\"x\\n\",\"stream\":\"stdout\",\"time\":\"soon\"}", (int)CriParseStatus.BadTimestamp, false, "x")]
    [InlineData("{\"log\":\"x\\n\",\"stream\":\"stdout\"", (int)CriParseStatus.Malformed, false, "")]
    [InlineData("{\"stream\":\"stdout\",\"time\":\"2024-01-01T12:00:00Z\"}", (int)CriParseStatus.Malformed, false, "")]
    public void Parses_docker_json_lines(string text, int status, bool partial, string content)
    {
        var line = Encoding.UTF8.GetBytes(text);
        var buffer = new byte[line.Length];
        Assert.Equal((CriParseStatus)status, DockerJsonLineParser.TryParse(line, buffer, out var parsed, out var length));
        if ((CriParseStatus)status != CriParseStatus.Malformed)
        {
            Assert.Equal(partial, parsed.Partial);
            Assert.Equal(content, Encoding.UTF8.GetString(buffer, 0, length));
        }
    }
}
