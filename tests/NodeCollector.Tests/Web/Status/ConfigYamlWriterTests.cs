using NodeCollector.Config;
using NodeCollector.TestSupport;
using NodeCollector.Web.Status;

namespace NodeCollector.Tests.Web.Status;

public sealed class ConfigYamlWriterTests
{
    private static readonly Dictionary<string, string> Environment = new(StringComparer.Ordinal) { ["NODE_NAME"] = "node-a" };

    [Fact]
    public void The_example_config_is_written_with_the_file_keys_and_loads_back_unchanged()
    {
        var original = Load(File.ReadAllText(Path.Combine(RepoPaths.Root, "examples", "nodecollector.yaml")));

        var yaml = ConfigYamlWriter.Write(original);
        var reloaded = ConfigLoader.Load(yaml, "effective.yaml", Environment.GetValueOrDefault);

        Assert.True(reloaded.Config is not null, string.Join("\n", reloaded.Problems) + "\n" + yaml);
        Assert.Equal(yaml, ConfigYamlWriter.Write(reloaded.Config));
    }

    [Fact]
    public void Defaults_are_filled_in()
    {
        var yaml = ConfigYamlWriter.Write(Load("node:\n  name: n1\n"));

        Assert.Contains("  name: \"n1\"\n", yaml, StringComparison.Ordinal);
        Assert.Contains("  scrape_interval: \"", yaml, StringComparison.Ordinal);
        Assert.Contains("host_metrics:\n", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Secrets_url_credentials_and_header_values_are_redacted()
    {
        var config = Load("""
            kubernetes: {enabled: false}
            remote_write:
              - url: https://writer:url-pass-1@mimir.example:443/api/v1/push?api_key=query-key-2&team=a
                basic_auth: {username: writer, password: basic-pass-3}
                headers: {Authorization: "Bearer header-token-4", X-Custom: custom-value-5}
              - url: https://other.example/api/v1/write
                bearer_token: bearer-6
            scrape_configs:
              - job_name: app
                params: {token: [param-token-7], module: [http_2xx]}
                static_configs: [{targets: ["127.0.0.1:9100"]}]
            """);

        var yaml = ConfigYamlWriter.Write(config);

        foreach (var secret in new[] { "url-pass-1", "query-key-2", "basic-pass-3", "header-token-4", "custom-value-5", "bearer-6", "param-token-7" })
        {
            Assert.DoesNotContain(secret, yaml, StringComparison.Ordinal);
        }

        Assert.Contains("url: \"https://<secret>@mimir.example:443/api/v1/push?api_key=<secret>&team=a\"", yaml, StringComparison.Ordinal);
        Assert.Contains("password: \"<secret>\"", yaml, StringComparison.Ordinal);
        Assert.Contains("\"Authorization\": \"<secret>\"", yaml, StringComparison.Ordinal);
        Assert.Contains("bearer_token: \"<secret>\"", yaml, StringComparison.Ordinal);
        Assert.Contains("- \"http_2xx\"", yaml, StringComparison.Ordinal);
        Assert.Contains("username: \"writer\"", yaml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9090/api/v1/write", "http://127.0.0.1:9090/api/v1/write")]
    [InlineData("http://u:p@host/x", "http://<secret>@host/x")]
    [InlineData("http://u@host", "http://<secret>@host")]
    [InlineData("http://host/a@b", "http://host/a@b")]
    [InlineData("http://host/?password=p&x=1#frag", "http://host/?password=<secret>&x=1#frag")]
    [InlineData("not a url", "not a url")]
    public void Urls_lose_their_credentials(string url, string expected) => Assert.Equal(expected, Redaction.Url(url));

    private static CollectorConfig Load(string yaml)
    {
        var loaded = ConfigLoader.Load(yaml, "test.yaml", Environment.GetValueOrDefault);
        Assert.True(loaded.Config is not null, string.Join("\n", loaded.Problems));
        return loaded.Config;
    }
}
