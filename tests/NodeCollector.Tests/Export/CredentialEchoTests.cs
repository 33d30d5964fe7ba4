using NodeCollector.Config;
using NodeCollector.Export.Loki;
using NodeCollector.Export.RemoteWrite;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Export;

/// <summary>
/// A server (a proxy, a debugging endpoint) that answers 401 and echoes the request's <c>Authorization</c> header:
/// the error the exporter reports, and logs, shows the redaction marker instead of the credential.
/// </summary>
public sealed class CredentialEchoTests : IAsyncLifetime
{
    private const string Token = "bearer-from-file-3f9a";
    private const string Password = "basic-password-77c1";
    private CredentialEchoServer _server = null!;

    public async Task InitializeAsync() => _server = await CredentialEchoServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Remote_write_error_does_not_show_a_bearer_token_read_from_a_file()
    {
        var tokenFile = _server.WriteSecretFile("token", Token);
        var options = new RemoteWriteOptions { Url = new Uri(_server.BaseAddress, "api/v1/write").AbsoluteUri };
        options.Http.BearerTokenFile = tokenFile;
        using var client = new RemoteWriteClient(options, TimeProvider.System);

        var outcome = await client.SendAsync(IronSnappy.Snappy.Encode([]), 0, CancellationToken.None);

        Assert.Equal(401, outcome.StatusCode);
        Assert.Contains("Authorization: Bearer <secret>", outcome.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Loki_error_does_not_show_basic_auth_credentials()
    {
        var options = new LokiOptions { Url = new Uri(_server.BaseAddress, "loki/api/v1/push").AbsoluteUri };
        options.Http.BasicAuth = new BasicAuthOptions { Username = "loki", Password = new Secret(Password) };
        using var client = new LokiClient(options, TimeProvider.System);

        var outcome = await client.PushAsync(new byte[] { 0 }, CancellationToken.None);

        Assert.Equal(401, outcome.StatusCode);
        var encoded = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("loki:" + Password));
        Assert.Contains("Authorization: Basic <secret>", outcome.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(encoded, outcome.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, outcome.Detail, StringComparison.Ordinal);
    }
}
