using System.Text;
using HostMocks.Loki;
using NodeCollector.Config;
using NodeCollector.Export.Loki;

namespace NodeCollector.Tests.Export.Loki;

/// <summary>Authentication and custom headers as the fake Loki receives them; a token file is re-read when it changes.</summary>
public sealed class LokiClientTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nodecollector-loki-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_bearer_token_file_is_read_again_after_it_changes_and_custom_headers_are_sent()
    {
        var tokenFile = Path.Combine(_dir, "token");
        await File.WriteAllTextAsync(tokenFile, "first\n");
        await using var harness = await LokiHarness.StartAsync(configure: o => o with
        {
            Http = new HttpClientOptions { BearerTokenFile = tokenFile },
            Headers = new Dictionary<string, string> { ["X-Team"] = "payments", ["X-Scope-OrgID"] = "from-headers" },
        });
        var source = new RecordingLogSource(1);

        await harness.WriteAndWaitAsync(source, LokiHarness.Stream("api"), 1);
        await File.WriteAllTextAsync(tokenFile, "second-token\n");
        File.SetLastWriteTimeUtc(tokenFile, DateTime.UtcNow.AddSeconds(5));
        await harness.WriteAndWaitAsync(source, LokiHarness.Stream("api"), 1, first: 2);

        var requests = harness.Loki.Requests;
        Assert.Equal(["Bearer first", "Bearer second-token"], requests.Select(r => r.Headers["Authorization"]));
        Assert.All(requests, r => Assert.Equal("payments", r.Headers["X-Team"]));
        Assert.All(requests, r => Assert.Equal("from-headers", r.Headers["X-Scope-OrgID"]));
    }

    [Fact]
    public async Task Basic_auth_is_sent_and_tenant_id_wins_over_a_header_of_the_same_name()
    {
        await using var harness = await LokiHarness.StartAsync(configure: o => o with
        {
            TenantId = "tenant-1",
            Headers = new Dictionary<string, string> { ["X-Scope-OrgID"] = "ignored" },
            Http = new HttpClientOptions { BasicAuth = new BasicAuthOptions { Username = "user", Password = new Secret("pass") } },
        });

        await harness.WriteAndWaitAsync(new RecordingLogSource(1), LokiHarness.Stream("api"), 1);

        var headers = Assert.Single(harness.Loki.Requests).Headers;
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("user:pass")), headers["Authorization"]);
        Assert.Equal("tenant-1", headers["X-Scope-OrgID"]);
    }

    [Fact]
    public async Task The_fake_Loki_takes_a_gzip_JSON_push_too()
    {
        await using var loki = await FakeLoki.StartAsync();
        var json = """{"streams":[{"stream":{"job":"x","pod":"a\"b"},"values":[["1700000000000000001","one"],["1700000000000000002","two",{"trace_id":"t"}]]}]}""";
        using var body = new MemoryStream();
        await using (var gzip = new System.IO.Compression.GZipStream(body, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(json));
        }

        using var http = new HttpClient();
        using var content = new ByteArrayContent(body.ToArray());
        content.Headers.ContentType = new("application/json");
        content.Headers.ContentEncoding.Add("gzip");
        using var response = await http.PostAsync(new Uri(loki.PushUrl), content);

        Assert.Equal(204, (int)response.StatusCode);
        var stream = Assert.Single(loki.Ingester.Streams);
        Assert.Equal("{job=\"x\", pod=\"a\\\"b\"}", stream.Labels);
        Assert.Equal(["one", "two"], stream.Entries.Select(e => e.Line));
        var labels = await http.GetStringAsync(new Uri(loki.BaseAddress, "/loki/api/v1/labels"));
        Assert.Equal("""{"status":"success","data":["job","pod"]}""", labels);
        var range = await http.GetStringAsync(new Uri(loki.BaseAddress, "/loki/api/v1/query_range?query=%7Bjob%3D%22x%22%7D&direction=forward"));
        Assert.Contains("\"values\":[[\"1700000000000000001\",\"one\"]]", range, StringComparison.Ordinal);
        Assert.Contains("\"trace_id\":\"t\"},\"values\":[[\"1700000000000000002\",\"two\"]]", range, StringComparison.Ordinal);
    }
}
