using NodeCollector.Config;

namespace NodeCollector.Tests.Config;

/// <summary>Valid settings that expose data are named, with their line, as warnings; safe ones are not.</summary>
public sealed class ExposureWarningsTests
{
    private const string Safe = "server:\n  listen_address: 127.0.0.1:9465\nkubernetes:\n  enabled: false\n";

    [Fact]
    public void A_loopback_server_and_verified_https_clients_give_no_warning()
    {
        var warnings = Load(Safe + """
            remote_write:
              - url: https://prom.example/api/v1/write
                bearer_token_file: /token
            loki:
              url: https://loki.example/loki/api/v1/push
              basic_auth: {username: u, password_file: /p}
            """);

        Assert.Empty(warnings);
    }

    [Theory]
    [InlineData("0.0.0.0:9465")]
    [InlineData(":9465")]
    [InlineData("10.0.0.5:9465")]
    [InlineData("[::]:9465")]
    public void A_server_reachable_from_the_network_is_a_warning(string address)
    {
        var warnings = Load($"server:\n  listen_address: \"{address}\"\nkubernetes:\n  enabled: false\n");

        var warning = Assert.Single(warnings);
        Assert.Equal("server.listen_address", warning.KeyPath);
        Assert.Equal(2, warning.Line);
        Assert.Contains("no TLS or authentication", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kubelet:\n  tls_config:\n    insecure_skip_verify: true\n", "kubelet.tls_config.insecure_skip_verify")]
    [InlineData("scrape_configs:\n  - job_name: a\n    scheme: https\n    tls_config: {insecure_skip_verify: true}\n", "scrape_configs[0].tls_config.insecure_skip_verify")]
    [InlineData("remote_write:\n  - url: https://p/api/v1/write\n    tls_config: {insecure_skip_verify: true}\n", "remote_write[0].tls_config.insecure_skip_verify")]
    [InlineData("loki:\n  url: https://l/loki/api/v1/push\n  tls_config: {insecure_skip_verify: true}\n", "loki.tls_config.insecure_skip_verify")]
    public void Insecure_skip_verify_anywhere_is_a_warning(string yaml, string key)
    {
        var warning = Assert.Single(Load(Safe + yaml));

        Assert.Equal(key, warning.KeyPath);
        Assert.Contains("not verified", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("remote_write:\n  - url: http://p/api/v1/write\n    bearer_token: abc\n", "remote_write[0].bearer_token")]
    [InlineData("remote_write:\n  - url: http://p/api/v1/write\n    basic_auth: {username: u, password: pw}\n", "remote_write[0].basic_auth")]
    [InlineData("remote_write:\n  - url: http://u:pw@p/api/v1/write\n", "remote_write[0].url")]
    [InlineData("loki:\n  url: http://l/loki/api/v1/push\n  bearer_token_file: /t\n", "loki.bearer_token_file")]
    [InlineData("loki:\n  url: http://l/loki/api/v1/push\n  headers: {Authorization: Bearer x}\n", "loki.headers.Authorization")]
    [InlineData("scrape_configs:\n  - job_name: a\n    bearer_token_file: /t\n", "scrape_configs[0].bearer_token_file")]
    public void Credentials_over_plain_http_are_a_warning_that_does_not_show_them(string yaml, string key)
    {
        var warning = Assert.Single(Load(Safe + yaml));

        Assert.Equal(key, warning.KeyPath);
        Assert.Contains("clear text", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pw", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("abc", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_http_without_credentials_is_not_a_warning()
    {
        Assert.Empty(Load(Safe + "remote_write:\n  - url: http://p/api/v1/write\nloki:\n  url: http://l/loki/api/v1/push\n"));
    }

    private static IReadOnlyList<ConfigProblem> Load(string yaml)
    {
        var loaded = ConfigLoader.Load(yaml, "c.yaml", _ => null);
        Assert.Empty(loaded.Problems);
        return loaded.Warnings;
    }
}
