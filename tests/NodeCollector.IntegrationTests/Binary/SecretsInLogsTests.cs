using System.Text.RegularExpressions;
using NodeCollector.TestSupport;

namespace NodeCollector.IntegrationTests.Binary;

/// <summary>
/// The collector binary against a server that refuses every request with 401 and echoes the credentials it got: the
/// collector logs the refusals, and no token, password or URL password appears in anything it prints.
/// </summary>
public sealed class SecretsInLogsTests : IAsyncLifetime
{
    private const string ScrapeToken = "scrape-token-file-5b1e";
    private const string RemoteWriteToken = "rw-token-file-90ad";
    private const string UrlPassword = "url-password-c3d2";
    private const string LokiPassword = "loki-password-file-44f0";
    private const string ParamSecret = "param-token-1e77";
    private CredentialEchoServer _server = null!;

    public async Task InitializeAsync() => _server = await CredentialEchoServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Refused_requests_are_logged_without_any_credential()
    {
        var address = _server.BaseAddress.Authority;
        var config = Path.Combine(_server.Directory, "config.yaml");
        File.WriteAllText(config, $"""
            server: {"{"}listen_address: 127.0.0.1:0{"}"}
            kubernetes: {"{"}enabled: false{"}"}
            global: {"{"}scrape_interval: 1s, scrape_timeout: 500ms{"}"}
            scrape_configs:
              - job_name: echo
                bearer_token_file: {_server.WriteSecretFile("scrape-token", ScrapeToken)}
                params: {"{"}access_token: [{ParamSecret}]{"}"}
                static_configs: [{"{"}targets: ["{address}"]{"}"}]
            remote_write:
              - url: http://writer:{UrlPassword}@{address}/api/v1/write
                bearer_token_file: {_server.WriteSecretFile("rw-token", RemoteWriteToken)}
                queue_config: {"{"}batch_send_deadline: 1s{"}"}
            wal: {"{"}dir: {Path.Combine(_server.Directory, "wal")}{"}"}
            loki:
              url: http://loki:{UrlPassword}@{address}/loki/api/v1/push
              basic_auth: {"{"}username: loki, password_file: {_server.WriteSecretFile("loki-password", LokiPassword)}{"}"}
            """);
        using var collector = ChildProcess.StartDotnet(Path.Combine(AppContext.BaseDirectory, "nodecollector.dll"),
            ["--config", config, "--log.format", "json", "--log.level", "debug"]);

        await Poll.UntilAsync(
            () => Task.FromResult(collector.HasExited ||
                (Logged(collector, "\"status\":\"401\"") && Logged(collector, "\"job\":\"echo\"") && _server.Requests >= 3)),
            TimeSpan.FromSeconds(60),
            "the collector to log a refused remote write and a refused scrape");
        PosixSignal.Send(collector.Id, PosixSignal.SigTerm);
        await collector.WaitForExitAsync(TimeSpan.FromSeconds(10));

        var everything = string.Join("\n", collector.StdoutLines.Concat(collector.StderrLines));
        Assert.False(collector.HasExited && collector.ExitCode != 0, collector.Describe());
        foreach (var secret in new[] { ScrapeToken, RemoteWriteToken, UrlPassword, LokiPassword, ParamSecret })
        {
            var line = collector.StderrLines.FirstOrDefault(l => l.Contains(secret, StringComparison.Ordinal));
            Assert.True(line is null, $"\"{secret}\" is logged: {line}");
        }

        Assert.Matches(new Regex("http://<secret>@127\\.0\\.0\\.1:\\d+/api/v1/write"), everything);

        // The same config's exposures are warned about at start: tokens and passwords over plain http.
        Assert.True(Logged(collector, "remote_write[0].bearer_token_file") && Logged(collector, "loki.basic_auth"), collector.Describe());
    }

    private static bool Logged(ChildProcess collector, string fragment) =>
        collector.StderrLines.Any(l => l.Contains(fragment, StringComparison.Ordinal));
}
