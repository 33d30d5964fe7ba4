using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NodeCollector.Benchmarks.Load;

/// <summary>
/// A remote-write endpoint on loopback for load runs: answers 204 and counts requests and compressed bytes, keeping
/// nothing (a test receiver that decodes and keeps every request would grow by gigabytes over a long run).
/// </summary>
internal sealed class CountingWriteReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _requests;
    private long _bytes;

    private CountingWriteReceiver(WebApplication app)
    {
        _app = app;
    }

    public string Url { get; private set; } = "";

    public long Requests => Interlocked.Read(ref _requests);

    public long Bytes => Interlocked.Read(ref _bytes);

    public static async Task<CountingWriteReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var receiver = new CountingWriteReceiver(builder.Build());
        receiver._app.MapPost("/api/v1/write", receiver.ReceiveAsync);
        await receiver._app.StartAsync().ConfigureAwait(false);
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address + "/api/v1/write";
        return receiver;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task ReceiveAsync(HttpContext context)
    {
        var buffer = new byte[64 * 1024];
        int read;
        long total = 0;
        while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        Interlocked.Add(ref _bytes, total);
        Interlocked.Increment(ref _requests);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }
}
