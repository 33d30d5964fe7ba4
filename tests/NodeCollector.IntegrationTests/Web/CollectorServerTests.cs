using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using NodeCollector.Config;
using NodeCollector.Diagnostics;
using NodeCollector.TestSupport;

namespace NodeCollector.IntegrationTests.Web;

/// <summary>The collector's HTTP server, started in-process on 127.0.0.1 port 0, judged as Prometheus would.</summary>
public sealed class CollectorServerTests : IAsyncLifetime, IDisposable
{
    private const string Prometheus2Accept =
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private readonly HttpClient _http = new(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None });
    private CollectorApp? _app;

    public async Task InitializeAsync()
    {
        var config = ConfigLoader.Load("server:\n  listen_address: 127.0.0.1:0\nkubernetes:\n  enabled: false\n", "test.yaml", _ => null).Config!;
        _app = CollectorApp.Create(config, LogLevel.Warning, LogFormat.Logfmt);
        await _app.StartAsync(CancellationToken.None);
        _http.BaseAddress = new Uri(_app.Addresses[0]);
    }

    public void Dispose() => _http.Dispose();

    public async Task DisposeAsync()
    {
        await _app!.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    [ToolFact(Promtool.Tool, Promtool.DebianPackage)]
    public async Task Text_format_passes_promtool_with_no_lint_warnings()
    {
        using var response = await GetAsync("/metrics", "text/plain;version=0.0.4");
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var result = Promtool.CheckMetrics(body);
        Assert.True(result.ExitCode == 0 && result.OutputLines.Count == 0, $"promtool: exit {result.ExitCode}\n{result.Output}");
    }

    [Fact]
    public async Task OpenMetrics_is_served_to_prometheus_and_is_well_formed()
    {
        using var response = await GetAsync("/metrics", Prometheus2Accept);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal("application/openmetrics-text; version=1.0.0; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.EndsWith("# EOF\n", body, StringComparison.Ordinal);
        Assert.Empty(OpenMetricsChecker.Check(body));
        Assert.Contains("# TYPE process_cpu_seconds counter\n", body, StringComparison.Ordinal);
        Assert.Contains("\nprocess_cpu_seconds_total ", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_family_is_written_once_with_help_and_type()
    {
        var body = await (await GetAsync("/metrics", "*/*")).Content.ReadAsStringAsync();
        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var types = lines.Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToList();
        var helps = lines.Where(l => l.StartsWith("# HELP ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToList();
        Assert.Equal(types.Distinct().Count(), types.Count);
        Assert.Equal(types, helps);
        foreach (var family in new[] { "nodecollector_build_info", "process_cpu_seconds_total", "process_resident_memory_bytes", "process_open_fds", "process_max_fds", "process_start_time_seconds", "process_virtual_memory_bytes", "process_virtual_memory_max_bytes" })
        {
            Assert.Contains(family, types);
        }

        var buildInfo = Assert.Single(lines, l => l.StartsWith("nodecollector_build_info{", StringComparison.Ordinal));
        Assert.Matches(@"^nodecollector_build_info\{revision=""[0-9a-f]{7,}|unknown"",runtime="".NET 10[^""]*"",version=""0\.1\.0""\} 1$", buildInfo);
    }

    [Fact]
    public async Task Metrics_are_gzipped_when_the_client_accepts_it()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        using var response = await _http.SendAsync(request);

        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
        await using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        Assert.Contains("process_resident_memory_bytes", await reader.ReadToEndAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gzip_with_quality_zero_is_not_used()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip;q=0, identity");
        using var response = await _http.SendAsync(request);

        Assert.Empty(response.Content.Headers.ContentEncoding);
    }

    [Theory]
    [InlineData("/-/healthy", HttpStatusCode.OK, "NodeCollector is Healthy.\n")]
    [InlineData("/-/ready", HttpStatusCode.OK, "NodeCollector is Ready.\n")]
    [InlineData("/nope", HttpStatusCode.NotFound, "")]
    public async Task Health_endpoints_answer_plainly(string path, HttpStatusCode status, string body)
    {
        using var response = await _http.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_landing_page_links_to_metrics()
    {
        var page = await _http.GetStringAsync("/");

        Assert.Contains("<a href=\"metrics\">", page, StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> GetAsync(string path, string accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        return _http.SendAsync(request);
    }
}
