using System.Net;
using System.Text.RegularExpressions;
using HostMocks.Demo;
using HostMocks.Kubernetes;
using Microsoft.Extensions.Logging;
using NodeCollector.Config;
using NodeCollector.Diagnostics;
using NodeCollector.IntegrationTests.Kubernetes;
using NodeCollector.Kubernetes.Api;
using NodeCollector.TestSupport;

namespace NodeCollector.IntegrationTests.Web;

/// <summary>
/// The status page of a collector started in-process against a fake API server, with credentials of every kind in
/// its config and a pod whose label is hostile HTML.
/// </summary>
public sealed partial class StatusPageTests : IAsyncLifetime, IDisposable
{
    private const string HostileLabel = "<script>alert(\"owned\")</script>";

    private static readonly string[] Secrets =
    [
        "rw-basic-password-1", "rw-bearer-token-2", "loki-basic-password-3", "rw-url-password-4", "header-auth-token-5",
        "header-api-key-6", "scrape-bearer-token-7",
    ];

    private readonly HttpClient _http = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("nc-status-").FullName;
    private FakeKubernetesApiServer? _api;
    private CollectorApp? _app;

    public async Task InitializeAsync()
    {
        _api = await FakeKubernetesApiServer.StartAsync();
        _api.AddPod(DiscoveryHarness.Pod("shop", "web-0", nodeName: "status-node", podIP: "10.1.0.7"));
        var hostile = DiscoveryHarness.Pod("shop", "hostile", nodeName: "status-node", podIP: "10.1.0.8");
        _api.AddPod(new V1Pod
        {
            Metadata = new V1ObjectMeta { Namespace = "shop", Name = "hostile", Labels = new Dictionary<string, string> { ["team"] = HostileLabel } },
            Spec = hostile.Spec,
            Status = hostile.Status,
        });
        var kubeconfig = DemoKubeconfig.Write(_dir, _api);
        var yaml = $$"""
            server: {listen_address: "127.0.0.1:0"}
            node: {name: status-node}
            kubernetes: {enabled: true, kubeconfig: "{{kubeconfig}}"}
            host_metrics: {enabled: false}
            global: {scrape_interval: 1s, scrape_timeout: 500ms}
            scrape_configs:
              - job_name: unreachable
                bearer_token: {{Secrets[6]}}
                static_configs: [{targets: ["127.0.0.1:1"]}]
            remote_write:
              - url: http://writer:{{Secrets[3]}}@127.0.0.1:1/api/v1/write
                name: primary
                basic_auth:
                  username: writer
                  password: {{Secrets[0]}}
                headers:
                  Authorization: "Bearer {{Secrets[4]}}"
                  X-Api-Key: {{Secrets[5]}}
              - url: http://127.0.0.1:1/second/api/v1/write
                name: second
                bearer_token: {{Secrets[1]}}
            wal: {dir: "{{Path.Combine(_dir, "wal")}}"}
            loki:
              url: http://127.0.0.1:1/loki/api/v1/push
              basic_auth:
                username: loki
                password: {{Secrets[2]}}
            """;
        var loaded = ConfigLoader.Load(yaml, "status.yaml", _ => null);
        Assert.True(loaded.Config is not null, string.Join("\n", loaded.Problems));
        _app = CollectorApp.Create(loaded.Config, LogLevel.Warning, LogFormat.Logfmt);
        await _app.StartAsync(CancellationToken.None);
        _http.BaseAddress = new Uri(_app.Addresses[0]);
        await Poll.UntilAsync(
            async () => (await _http.GetAsync(new Uri("/-/ready", UriKind.Relative))).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(20),
            "the collector to list the pods");
    }

    public void Dispose() => _http.Dispose();

    public async Task DisposeAsync()
    {
        await _app!.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        await _api!.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task No_password_or_token_from_the_config_is_served_and_the_page_shows_secret_markers()
    {
        foreach (var path in new[] { "/", "/api/v1/targets", "/api/v1/status/remote_write", "/jobs", "/metrics" })
        {
            var body = await _http.GetStringAsync(new Uri(path, UriKind.Relative));
            foreach (var secret in Secrets)
            {
                Assert.False(body.Contains(secret, StringComparison.Ordinal), $"{path} shows \"{secret}\"");
            }
        }

        var config = WebUtility.HtmlDecode(SectionText(await PageAsync(), "config"));
        Assert.Contains("url: \"http://<secret>@127.0.0.1:1/api/v1/write\"", config, StringComparison.Ordinal);
        Assert.Contains("\"Authorization\": \"<secret>\"", config, StringComparison.Ordinal);
        Assert.Contains("\"X-Api-Key\": \"<secret>\"", config, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(config, "\n +password: \"<secret>\"\n")); // remote write and Loki basic auth
        Assert.Equal(2, Regex.Count(config, "\n +bearer_token: \"<secret>\"\n")); // the scrape job and the second queue
        Assert.Contains("username: \"loki\"", config, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_needs_no_script_and_shows_hostile_label_values_as_text()
    {
        var html = await PageAsync();

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch("<[^>]*\\son[a-z]+=", html);
        var pods = SectionText(html, "pods");
        Assert.Contains("<td>web-0</td>", pods, StringComparison.Ordinal);
        Assert.Contains("<td>10.1.0.7</td>", pods, StringComparison.Ordinal);
        Assert.Contains("<td>Running</td>", pods, StringComparison.Ordinal);
        Assert.Contains("team=&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;", pods, StringComparison.Ordinal);
        foreach (var link in new[] { "metrics", "-/healthy", "-/ready", "api/v1/targets", "api/v1/status/remote_write" })
        {
            Assert.Contains($"<a href=\"{link}\">", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Targets_show_their_health_and_last_error_once_scraped()
    {
        string targets = "";
        await Poll.UntilAsync(
            async () => (targets = SectionText(await PageAsync(), "targets")).Contains("<td class=\"down\">down</td>", StringComparison.Ordinal),
            TimeSpan.FromSeconds(20),
            "the unreachable target to be scraped and shown down");

        Assert.Contains("<td>http://127.0.0.1:1/metrics</td>", targets, StringComparison.Ordinal);
        Assert.Matches("<td class=\"error\">[^<]*(refused|127\\.0\\.0\\.1:1)[^<]*</td>", targets);
        var remoteWrite = SectionText(await PageAsync(), "remote-write");
        Assert.Contains("<td>primary</td><td>http://&lt;secret&gt;@127.0.0.1:1/api/v1/write</td>", remoteWrite, StringComparison.Ordinal);
        Assert.Contains("<td>second</td>", remoteWrite, StringComparison.Ordinal);
    }

    private async Task<string> PageAsync()
    {
        using var response = await _http.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        return await response.Content.ReadAsStringAsync();
    }

    private static string SectionText(string html, string id)
    {
        var match = Regex.Match(html, $"<section id=\"{id}\">(.*?)</section>", RegexOptions.Singleline);
        Assert.True(match.Success, $"no section \"{id}\" in\n{html}");
        return match.Groups[1].Value;
    }
}
