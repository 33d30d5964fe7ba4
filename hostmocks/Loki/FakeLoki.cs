using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HostMocks.Loki;

/// <summary>
/// A Loki on 127.0.0.1 (port 0 unless given) for tests and the demo: <c>POST /loki/api/v1/push</c> in protobuf+snappy
/// or JSON (optionally gzip), validated and stored by a <see cref="FakeLokiIngester"/>; minimal
/// <c>/loki/api/v1/query_range</c>, <c>/labels</c> and <c>/label/{name}/values</c>; and faults: an outage answering
/// a status for a while, and scripted answers per push (status with <c>Retry-After</c>, slow, connection reset).
/// </summary>
internal sealed class FakeLoki : IAsyncDisposable
{
    public const string PushPath = "/loki/api/v1/push";

    private readonly WebApplication _app;
    private readonly TimeProvider _time;
    private readonly ConcurrentQueue<FakeLokiFault> _script = new();
    private readonly ConcurrentQueue<FakeLokiRequest> _requests = new();
    private readonly Lock _outageGate = new();
    private readonly long _started;
    private (int Status, long Until) _outage;

    private FakeLoki(WebApplication app, FakeLokiLimits limits, TimeProvider time)
    {
        _app = app;
        _time = time;
        _started = time.GetTimestamp();
        Ingester = new FakeLokiIngester(limits, time);
        var queries = new FakeLokiQueryApi(Ingester);
        app.MapPost(PushPath, PushAsync);
        app.MapGet("/loki/api/v1/query_range", queries.QueryRangeAsync);
        app.MapGet("/loki/api/v1/labels", queries.LabelsAsync);
        app.MapGet("/loki/api/v1/label/{name}/values", queries.LabelValuesAsync);
        app.MapGet("/ready", () => "ready");
    }

    public FakeLokiIngester Ingester { get; }

    /// <summary>http://127.0.0.1:port</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public string PushUrl => BaseAddress.AbsoluteUri.TrimEnd('/') + PushPath;

    /// <summary>Every push received, faulted ones included, in arrival order.</summary>
    public IReadOnlyList<FakeLokiRequest> Requests => [.. _requests];

    public static async Task<FakeLoki> StartAsync(FakeLokiLimits? limits = null, TimeProvider? time = null, int port = 0, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port);
            k.Limits.MaxRequestBodySize = 64L << 20;
        });
        var loki = new FakeLoki(builder.Build(), limits ?? new FakeLokiLimits(), time ?? TimeProvider.System);
        await loki._app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = loki._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        loki.BaseAddress = new Uri(address);
        return loki;
    }

    /// <summary>Answers every push with <paramref name="status"/> (a 503 outage, say) for <paramref name="duration"/> from now.</summary>
    public void FailFor(TimeSpan duration, int status = 503)
    {
        lock (_outageGate)
        {
            _outage = (status, _time.GetTimestamp() + (long)(duration.TotalSeconds * _time.TimestampFrequency));
        }
    }

    /// <summary>Scripts the answers to the next pushes, one each, in order.</summary>
    public void Enqueue(params FakeLokiFault[] faults)
    {
        foreach (var fault in faults)
        {
            _script.Enqueue(fault);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task PushAsync(HttpContext context)
    {
        var at = _time.GetElapsedTime(_started);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        var body = buffer.ToArray();

        var (status, text, retryAfter, entries) = await AnswerAsync(context, headers, body).ConfigureAwait(false);
        _requests.Enqueue(new FakeLokiRequest(at, headers, body.Length, entries, status));
        if (status < 0)
        {
            context.Abort();
            return;
        }

        context.Response.StatusCode = status;
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        if (text.Length > 0)
        {
            await context.Response.WriteAsync(text, context.RequestAborted).ConfigureAwait(false);
        }
    }

    private async Task<(int Status, string Body, string? RetryAfter, int Entries)> AnswerAsync(HttpContext context, Dictionary<string, string> headers, byte[] body)
    {
        lock (_outageGate)
        {
            if (_outage.Status != 0 && _time.GetTimestamp() < _outage.Until)
            {
                return (_outage.Status, "fake Loki outage", null, 0);
            }
        }

        if (_script.TryDequeue(out var fault))
        {
            if (fault.Reset)
            {
                return (-1, "", null, 0);
            }

            if (fault.Status != 0)
            {
                return (fault.Status, fault.Body, fault.RetryAfter, 0);
            }

            // Not cut short when the client gives up: a slow Loki still stores the push, and the retry duplicates it.
            await Task.Delay(fault.Delay, _time, CancellationToken.None).ConfigureAwait(false);
        }

        FakeLokiPush push;
        try
        {
            push = Decode(headers, body);
        }
        catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException or Google.Protobuf.InvalidProtocolBufferException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            return (400, "error decoding push request: " + e.Message, null, 0);
        }

        var (status, text) = Ingester.Ingest(push);
        return (status, text, null, push.EntryCount);
    }

    private static FakeLokiPush Decode(Dictionary<string, string> headers, byte[] body)
    {
        var contentType = headers.GetValueOrDefault("Content-Type", "");
        if (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return FakeLokiPush.FromJson(Inflate(headers.GetValueOrDefault("Content-Encoding", ""), body));
        }

        if (contentType.StartsWith("application/x-protobuf", StringComparison.OrdinalIgnoreCase))
        {
            return FakeLokiPush.FromProtobuf(body);
        }

        throw new InvalidDataException($"unsupported Content-Type \"{contentType}\"");
    }

    private static byte[] Inflate(string encoding, byte[] body)
    {
        if (encoding.Length == 0)
        {
            return body;
        }

        using Stream decompressor = encoding.ToLowerInvariant() switch
        {
            "gzip" => new GZipStream(new MemoryStream(body), CompressionMode.Decompress),
            "deflate" => new ZLibStream(new MemoryStream(body), CompressionMode.Decompress),
            _ => throw new InvalidDataException($"unsupported Content-Encoding \"{encoding}\""),
        };
        using var inflated = new MemoryStream();
        decompressor.CopyTo(inflated);
        return inflated.ToArray();
    }
}

/// <summary>One push as the fake received it: when (since the fake started), headers, body size, entries decoded (0 when faulted) and the status answered (-1: reset).</summary>
internal sealed record FakeLokiRequest(TimeSpan At, IReadOnlyDictionary<string, string> Headers, int BodyBytes, int Entries, int Status);
