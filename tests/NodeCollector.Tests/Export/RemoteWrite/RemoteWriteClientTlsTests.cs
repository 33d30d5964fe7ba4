using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodeCollector.Config;
using NodeCollector.Export.RemoteWrite;

namespace NodeCollector.Tests.Export.RemoteWrite;

/// <summary>TLS to the receiver: verified against <c>ca_file</c> and <c>server_name</c>, skipped only when asked.</summary>
public sealed class RemoteWriteClientTlsTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nodecollector-tls-").FullName;
    private WebApplication _app = null!;
    private string _url = "";
    private string _caFile = "";

    public async Task InitializeAsync()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=receiver.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("receiver.test");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        var certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
        _caFile = Path.Combine(_dir, "ca.pem");
        File.WriteAllText(_caFile, created.ExportCertificatePem());

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        _app = builder.Build();
        _app.MapPost("/api/v1/write", (HttpContext context) => context.Response.StatusCode = 204);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _url = address.TrimEnd('/') + "/api/v1/write";
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData(true, "receiver.test", false, true)]
    [InlineData(false, "receiver.test", false, false)]
    [InlineData(true, "other.test", false, false)]
    [InlineData(false, "", true, true)]
    public async Task Certificates_are_verified_unless_insecure_skip_verify(bool useCa, string serverName, bool skipVerify, bool written)
    {
        var options = new RemoteWriteOptions { Url = _url, RemoteTimeout = TimeSpan.FromSeconds(10) };
        options.Http.Tls = new TlsOptions { CaFile = useCa ? _caFile : "", ServerName = serverName, InsecureSkipVerify = skipVerify };
        using var client = new RemoteWriteClient(options, TimeProvider.System);

        var outcome = await client.SendAsync(IronSnappy.Snappy.Encode([]), 0, CancellationToken.None);

        Assert.Equal(written ? SendOutcomeKind.Success : SendOutcomeKind.Retryable, outcome.Kind);
    }
}
