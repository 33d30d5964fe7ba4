using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodeCollector.Config;
using NodeCollector.Diagnostics;

namespace NodeCollector.Tests.Diagnostics;

public class StructuredConsoleFormatterTests
{
    [Fact]
    public void Logfmt_line_has_level_component_message_and_fields()
    {
        var line = Format(LogFormat.Logfmt, "NodeCollector.Web.MetricsEndpoint", "Listening on http://127.0.0.1:9465", ("Address", "http://127.0.0.1:9465"), ("RetryAfter", TimeSpan.FromSeconds(90)));

        Assert.Matches(
            @"^ts=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z level=info component=web event=7 msg=""Listening on http://127.0.0.1:9465"" address=http://127.0.0.1:9465 retry_after=1m30s\n$",
            line);
    }

    [Fact]
    public void Logfmt_quotes_and_escapes_values_that_need_it()
    {
        var line = Format(LogFormat.Logfmt, "NodeCollector.Config.X", "a \"quoted\"\nvalue", ("Path", "/a b/c=d"));

        Assert.Contains(@"msg=""a \""quoted\""\nvalue"" path=""/a b/c=d""", line, StringComparison.Ordinal);
        Assert.Single(line.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Json_line_is_one_object_with_the_same_fields()
    {
        var line = Format(LogFormat.Json, "Microsoft.AspNetCore.Server.Kestrel", "Bad request", ("Status", 400));

        using var json = System.Text.Json.JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal("info", root.GetProperty("level").GetString());
        Assert.Equal("http", root.GetProperty("component").GetString());
        Assert.Equal("Bad request", root.GetProperty("msg").GetString());
        Assert.Equal("400", root.GetProperty("status").GetString());
        Assert.EndsWith("\n", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_field_prints_redacted()
    {
        var line = Format(LogFormat.Logfmt, "NodeCollector.Export.X", "sending", ("Token", new Secret("hunter2")));

        Assert.DoesNotContain("hunter2", line, StringComparison.Ordinal);
        Assert.Contains("token=<secret>", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NodeCollector.Web.MetricsEndpoint", "web")]
    [InlineData("NodeCollector.Host.CpuCollector", "host")]
    [InlineData("NodeCollector.Main", "main")]
    [InlineData("Microsoft.Hosting.Lifetime", "hosting")]
    [InlineData("Microsoft.AspNetCore.Server.Kestrel", "http")]
    [InlineData("Other.Library", "Other.Library")]
    public void Component_comes_from_the_category(string category, string component)
    {
        Assert.Equal(component, LogComponent.FromCategory(category));
    }

    private static string Format(LogFormat format, string category, string message, params (string Key, object? Value)[] fields)
    {
        var options = new StructuredConsoleFormatterOptions { Format = format };
        using var formatter = new StructuredConsoleFormatter(new FixedOptions(options));
        var state = fields.Select(f => new KeyValuePair<string, object?>(f.Key, f.Value))
            .Append(new KeyValuePair<string, object?>("{OriginalFormat}", message))
            .ToList();
        using var output = new StringWriter();
        var entry = new LogEntry<IReadOnlyList<KeyValuePair<string, object?>>>(LogLevel.Information, category, new EventId(7), state, null, (_, _) => message);
        formatter.Write(entry, null, output);
        return output.ToString();
    }

    private sealed class FixedOptions(StructuredConsoleFormatterOptions value) : IOptionsMonitor<StructuredConsoleFormatterOptions>
    {
        public StructuredConsoleFormatterOptions CurrentValue => value;

        public StructuredConsoleFormatterOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<StructuredConsoleFormatterOptions, string?> listener) => null;
    }
}
