using NodeCollector.Config;
using NodeCollector.Export.Loki;
using NodeCollector.Export.RemoteWrite;
using NodeCollector.Kubernetes.Api;
using NodeCollector.Scrape;

namespace NodeCollector.Tests.Tls;

/// <summary>
/// Every outgoing client (scrapes of the kubelet and pods, remote write, Loki, the Kubernetes API) refuses a server
/// whose certificate is not trusted, by default, and accepts it with the CA configured, or with
/// <c>insecure_skip_verify</c> where the client offers it.
/// </summary>
public sealed class ClientTlsVerificationTests : IAsyncLifetime
{
    private TlsTestServer _server = null!;

    public enum Trust
    {
        Default,
        CaFile,
        InsecureSkipVerify,
    }

    public async Task InitializeAsync() => _server = await TlsTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(Trust.Default, false)]
    [InlineData(Trust.CaFile, true)]
    [InlineData(Trust.InsecureSkipVerify, true)]
    public async Task Scrape_client_verifies_the_target(Trust trust, bool accepted)
    {
        using var client = ScrapeHttpClients.Create(Tls(trust), out var validator);

        var error = await Record.ExceptionAsync(() => client.GetStringAsync(new Uri(_server.BaseAddress, "metrics")));

        Assert.Equal(accepted, error is null);
        Assert.Equal(accepted ? 1 : 0, _server.Requests);
        if (!accepted)
        {
            Assert.Contains("not trusted by the system roots", validator.FailureFor("127.0.0.1"), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(Trust.Default, false)]
    [InlineData(Trust.CaFile, true)]
    [InlineData(Trust.InsecureSkipVerify, true)]
    public async Task Remote_write_client_verifies_the_receiver(Trust trust, bool accepted)
    {
        var options = new RemoteWriteOptions { Url = new Uri(_server.BaseAddress, "api/v1/write").AbsoluteUri, RemoteTimeout = TimeSpan.FromSeconds(10) };
        options.Http.Tls = Tls(trust);
        using var client = new RemoteWriteClient(options, TimeProvider.System);

        var outcome = await client.SendAsync(IronSnappy.Snappy.Encode([]), 0, CancellationToken.None);

        Assert.Equal(accepted ? SendOutcomeKind.Success : SendOutcomeKind.Retryable, outcome.Kind);
        Assert.Equal(accepted ? 1 : 0, _server.Requests);
    }

    [Theory]
    [InlineData(Trust.Default, false)]
    [InlineData(Trust.CaFile, true)]
    [InlineData(Trust.InsecureSkipVerify, true)]
    public async Task Loki_client_verifies_loki(Trust trust, bool accepted)
    {
        var options = new LokiOptions { Url = new Uri(_server.BaseAddress, "loki/api/v1/push").AbsoluteUri, Timeout = TimeSpan.FromSeconds(10) };
        options.Http.Tls = Tls(trust);
        using var client = new LokiClient(options, TimeProvider.System);

        var outcome = await client.PushAsync(new byte[] { 0 }, CancellationToken.None);

        Assert.Equal(accepted ? SendOutcomeKind.Success : SendOutcomeKind.Retryable, outcome.Kind);
        Assert.Equal(accepted ? 1 : 0, _server.Requests);
        if (!accepted)
        {
            Assert.Contains("not trusted by the system roots", outcome.Detail, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public async Task Kubernetes_client_verifies_the_api_server(bool clusterCa, bool accepted)
    {
        var options = new global::NodeCollector.Kubernetes.KubernetesOptions
        {
            ApiServer = _server.BaseAddress,
            NodeName = "node-1",
            Token = "token",
            CaCertificates = clusterCa ? _server.CaCertificates : null,
            RequestTimeout = TimeSpan.FromSeconds(10),
        };
        using var client = new KubernetesApiClient(options);

        var error = await Record.ExceptionAsync(() => client.ListPodsAsync("node-1", 10, null, CancellationToken.None));

        Assert.Equal(accepted, error is null);
        Assert.Equal(accepted ? 1 : 0, _server.Requests);
    }

    [Fact]
    public async Task A_ca_that_did_not_sign_the_certificate_is_refused()
    {
        await using var other = await TlsTestServer.StartAsync();
        using var client = ScrapeHttpClients.Create(new TlsOptions { CaFile = other.CaFile }, out var validator);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetStringAsync(new Uri(_server.BaseAddress, "metrics")));

        Assert.Contains("not signed by an authority in " + other.CaFile, validator.FailureFor("127.0.0.1"), StringComparison.Ordinal);
        Assert.Equal(0, _server.Requests);
    }

    private TlsOptions Tls(Trust trust) => trust switch
    {
        Trust.CaFile => new TlsOptions { CaFile = _server.CaFile },
        Trust.InsecureSkipVerify => new TlsOptions { InsecureSkipVerify = true },
        _ => new TlsOptions(),
    };
}
