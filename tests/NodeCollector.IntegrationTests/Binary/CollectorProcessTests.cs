using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using NodeCollector.TestSupport;

namespace NodeCollector.IntegrationTests.Binary;

/// <summary>The collector binary itself: JSON logs with a component field, no secret in them, clean exit on SIGTERM.</summary>
public sealed class CollectorProcessTests : IDisposable
{
    private const string Password = "pa55-w0rd-never-logged";
    private const string Token = "t0ken-never-logged";
    private readonly string _dir = Directory.CreateTempSubdirectory("nodecollector-process-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Logs_are_json_lines_with_a_component_and_SIGTERM_exits_0()
    {
        var config = Path.Combine(_dir, "config.yaml");
        File.WriteAllText(config, $"""
            server:
              listen_address: 127.0.0.1:0
            kubernetes:
              enabled: false
            remote_write:
              - url: http://127.0.0.1:1/api/v1/write
                basic_auth:
                  username: collector
                  password: {Password}
            wal:
              dir: {Path.Combine(_dir, "wal")}
            loki:
              url: http://127.0.0.1:1/loki/api/v1/push
              bearer_token: {Token}
            """);
        using var collector = ChildProcess.StartDotnet(Path.Combine(AppContext.BaseDirectory, "nodecollector.dll"),
            ["--config", config, "--log.format", "json", "--log.level", "debug"]);

        var address = await WaitForListeningAsync(collector);
        using var http = new HttpClient();
        Assert.Equal("NodeCollector is Ready.\n", await http.GetStringAsync(new Uri(new Uri(address), "/-/ready")));
        var clock = Stopwatch.StartNew();
        PosixSignal.Send(collector.Id, PosixSignal.SigTerm);

        Assert.True(await collector.WaitForExitAsync(TimeSpan.FromSeconds(5)), $"still running {clock.Elapsed} after SIGTERM\n{collector.Describe()}");
        Assert.Equal(0, collector.ExitCode);
        Assert.NotEmpty(collector.StderrLines);
        foreach (var line in collector.StderrLines)
        {
            using var json = JsonDocument.Parse(line);
            Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("component").GetString()), line);
            Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("msg").GetString()), line);
        }

        var everything = string.Join("\n", collector.StdoutLines.Concat(collector.StderrLines));
        Assert.DoesNotContain(Password, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, everything, StringComparison.Ordinal);
    }

    private static async Task<string> WaitForListeningAsync(ChildProcess collector)
    {
        var pattern = new Regex(@"""address"":""(http://127\.0\.0\.1:\d+)""");
        string? address = null;
        await Poll.UntilAsync(
            () =>
            {
                address = collector.StderrLines.Select(l => pattern.Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
                return Task.FromResult(address is not null || collector.HasExited);
            },
            TimeSpan.FromSeconds(60),
            "the collector logging its listen address");
        return address ?? throw new InvalidOperationException("collector exited before listening\n" + collector.Describe());
    }
}
