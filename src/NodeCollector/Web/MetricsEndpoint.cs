using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using Microsoft.AspNetCore.Http;
using NodeCollector.Metrics;

namespace NodeCollector.Web;

/// <summary>
/// <c>/metrics</c>: every metric source written once into a buffer, in Prometheus text 0.0.4 or OpenMetrics 1.0
/// as the <c>Accept</c> header asks, gzip-compressed when the client accepts it.
/// </summary>
internal sealed class MetricsEndpoint
{
    private readonly IReadOnlyList<IMetricSource> _sources;

    // One request's buffer and writer, kept for the next: a scrape writes 50–100 KB, which would otherwise be a fresh
    // large allocation (and a gen-2 collection now and then) on every request. Concurrent requests take a new one.
    private ExpositionBuffer? _spare;

    public MetricsEndpoint(IEnumerable<IMetricSource> sources)
    {
        _sources = [.. sources];
    }

    public async Task WriteAsync(HttpContext context)
    {
        var (format, contentType) = ExpositionFormatNegotiator.Negotiate(context.Request.Headers.Accept.ToString());
        var buffer = Interlocked.Exchange(ref _spare, null) ?? new ExpositionBuffer();
        try
        {
            var writer = buffer.Start(format);
            foreach (var source in _sources)
            {
                source.Collect(writer);
            }

            writer.Complete();
            await SendAsync(context, contentType, buffer.Written).ConfigureAwait(false);
        }
        finally
        {
            _spare = buffer;
        }
    }

    private static async Task SendAsync(HttpContext context, string contentType, ReadOnlyMemory<byte> body)
    {
        var response = context.Response;
        response.ContentType = contentType;
        if (AcceptsGzip(context.Request.Headers.AcceptEncoding.ToString()))
        {
            response.Headers.ContentEncoding = "gzip";
            await using var gzip = new GZipStream(response.Body, CompressionLevel.Fastest, leaveOpen: true);
            await gzip.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>True when <c>Accept-Encoding</c> lists gzip with a quality above zero.</summary>
    private static bool AcceptsGzip(string acceptEncoding)
    {
        foreach (var coding in acceptEncoding.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = coding.Split(';', StringSplitOptions.TrimEntries);
            if (!parts[0].Equals("gzip", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var quality = 1.0;
            foreach (var parameter in parts.AsSpan(1))
            {
                if (parameter.StartsWith("q=", StringComparison.OrdinalIgnoreCase)
                    && !double.TryParse(parameter.AsSpan(2), NumberStyles.Float, CultureInfo.InvariantCulture, out quality))
                {
                    quality = 0;
                }
            }

            return quality > 0;
        }

        return false;
    }
}
