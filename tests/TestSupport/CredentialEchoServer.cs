using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NodeCollector.TestSupport;

/// <summary>
/// A careless server on 127.0.0.1 (a proxy, a debugging endpoint): answers every request 401 and echoes its
/// <c>Authorization</c> header and URL in the body, so a test can check that no credential reaches an error or a log.
/// </summary>
internal sealed class CredentialEchoServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private CredentialEchoServer(WebApplication app)
    {
        _app = app;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>A temporary folder for the credential files a test points its client at; deleted with the server.</summary>
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("nodecollector-echo-").FullName;

    /// <summary>Writes <paramref name="secret"/> (and a newline, as a mounted Secret has) to a file; returns its path.</summary>
    public string WriteSecretFile(string name, string secret)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, secret + "\n");
        return path;
    }

    public static async Task<CredentialEchoServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new CredentialEchoServer(app);
        app.Run(async context =>
        {
            Interlocked.Increment(ref server._requests);
            context.Response.StatusCode = 401;
            await context.Response.WriteAsync($"denied {context.Request.Path}{context.Request.QueryString}: Authorization: {context.Request.Headers.Authorization}");
        });
        await app.StartAsync();
        server.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
