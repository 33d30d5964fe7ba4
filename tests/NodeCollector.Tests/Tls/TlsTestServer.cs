using System.Net;
using HostMocks.Kubernetes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NodeCollector.Tests.Tls;

/// <summary>
/// An HTTPS server on 127.0.0.1 whose certificate a throwaway CA signed: untrusted by the system, trusted with the
/// CA file. Answers every path with 200 and an empty pod list (which the Kubernetes client can parse, and which the
/// other clients accept as a body). Counts the requests that got past TLS.
/// </summary>
internal sealed class TlsTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FakeApiCertificates _certificates;
    private int _requests;

    private TlsTestServer(WebApplication app, FakeApiCertificates certificates, string directory)
    {
        _app = app;
        _certificates = certificates;
        Directory = directory;
        CaFile = Path.Combine(directory, "ca.pem");
        File.WriteAllText(CaFile, certificates.AuthorityPem);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
    }

    public Uri BaseAddress { get; }

    public string Directory { get; }

    /// <summary>The CA that signed the server's certificate, as PEM.</summary>
    public string CaFile { get; }

    public System.Security.Cryptography.X509Certificates.X509Certificate2Collection CaCertificates => [_certificates.Authority];

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<TlsTestServer> StartAsync()
    {
        var certificates = FakeApiCertificates.Create(TimeProvider.System, "tls-test-ca", "tls-test-server", ["localhost"]);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificates.Server)));
        var app = builder.Build();
        TlsTestServer? server = null;
        app.Run(async context =>
        {
            Interlocked.Increment(ref server!._requests);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"metadata\":{\"resourceVersion\":\"1\"},\"items\":[]}");
        });
        await app.StartAsync();
        server = new TlsTestServer(app, certificates, System.IO.Directory.CreateTempSubdirectory("nodecollector-tls-").FullName);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _certificates.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
