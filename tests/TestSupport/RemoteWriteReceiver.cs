using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodeCollector.Export.RemoteWrite.Proto;

namespace NodeCollector.TestSupport;

/// <summary>
/// A remote-write receiver on 127.0.0.1 port 0 that answers from a script (status, Retry-After, a delay, or a
/// connection reset), then 200 once the script is used up. It keeps every request it got, decoded.
/// </summary>
internal sealed class RemoteWriteReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ScriptedAnswer> _script = new();
    private readonly ConcurrentQueue<ReceivedWrite> _received = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private RemoteWriteReceiver(WebApplication app)
    {
        _app = app;
    }

    public string Url { get; private set; } = "";

    public IReadOnlyList<ReceivedWrite> Received => [.. _received];

    public static async Task<RemoteWriteReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new RemoteWriteReceiver(app);
        app.MapPost("/api/v1/write", receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address.TrimEnd('/') + "/api/v1/write";
        return receiver;
    }

    public void Enqueue(params ScriptedAnswer[] answers)
    {
        foreach (var answer in answers)
        {
            _script.Enqueue(answer);
        }
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var request = WriteRequest.Parser.ParseFrom(IronSnappy.Snappy.Decode(body.ToArray()));
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var answer = _script.TryDequeue(out var scripted) ? scripted : new ScriptedAnswer(200);
        _received.Enqueue(new ReceivedWrite(_clock.Elapsed, headers, request, answer));
        if (answer.Delay > TimeSpan.Zero)
        {
            await Task.Delay(answer.Delay);
        }

        if (answer.Reset)
        {
            context.Abort();
            return;
        }

        context.Response.StatusCode = answer.Status;
        if (answer.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        if (answer.Body.Length > 0)
        {
            await context.Response.WriteAsync(answer.Body);
        }
    }
}

/// <summary>One scripted answer of <see cref="RemoteWriteReceiver"/>.</summary>
internal sealed record ScriptedAnswer(int Status, string? RetryAfter = null, string Body = "", TimeSpan Delay = default, bool Reset = false);

/// <summary>A request as <see cref="RemoteWriteReceiver"/> got it, and what it answered.</summary>
internal sealed record ReceivedWrite(TimeSpan At, IReadOnlyDictionary<string, string> Headers, WriteRequest Request, ScriptedAnswer Answer)
{
    public int SampleCount => Request.Timeseries.Sum(t => t.Samples.Count);
}
