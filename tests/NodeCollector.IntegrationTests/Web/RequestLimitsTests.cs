using System.Net;

namespace NodeCollector.IntegrationTests.Web;

/// <summary>Oversized requests are refused with the right status, and the server keeps serving afterwards.</summary>
public sealed class RequestLimitsTests : IAsyncLifetime
{
    private InProcessCollector _collector = null!;

    private HttpClient Http => _collector.Http;

    public async Task InitializeAsync() => _collector = await InProcessCollector.StartAsync(
        "server:\n  listen_address: 127.0.0.1:0\n  max_request_body: 1KiB\nkubernetes:\n  enabled: false\nhost_metrics:\n  enabled: false\n");

    public async Task DisposeAsync() => await _collector.DisposeAsync();

    [Theory]
    [InlineData("/metrics")]
    [InlineData("/api/v1/targets")]
    [InlineData("/no-such-path")]
    public async Task A_body_over_max_request_body_gets_413(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(new byte[1025]) };

        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task A_body_within_the_limit_is_not_refused_for_its_size()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/-/healthy") { Content = new ByteArrayContent(new byte[1024]) };

        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Headers_over_32KiB_get_431()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/-/healthy");
        request.Headers.TryAddWithoutValidation("X-Padding", new string('a', 40 * 1024));

        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Too_many_header_fields_get_431()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/-/healthy");
        for (var i = 0; i < 150; i++)
        {
            request.Headers.TryAddWithoutValidation("X-Field-" + i, "v");
        }

        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task A_request_line_over_8KiB_gets_414()
    {
        using var response = await Http.GetAsync(new Uri("/metrics?x=" + new string('a', 9 * 1024), UriKind.Relative));

        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
        await AssertStillServingAsync();
    }

    private async Task AssertStillServingAsync()
    {
        using var fresh = new HttpClient { BaseAddress = Http.BaseAddress };
        Assert.Equal("NodeCollector is Healthy.\n", await fresh.GetStringAsync(new Uri("/-/healthy", UriKind.Relative)));
    }
}
