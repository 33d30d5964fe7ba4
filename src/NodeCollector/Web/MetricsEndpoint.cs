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

    public MetricsEndpoint(IEnumerable<IMetricSource> sources)
    {
        _sources = [.. sources];
    }

    public async Task WriteAsync(HttpContext context)
    {
        var (format, contentType) = ExpositionFormatNegotiator.Negotiate(context.Request.Headers.Accept.ToString());
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        var writer = new TextExpositionWriter(buffer, format);
        foreach (var source in _sources)
        {
            source.Collect(writer);
        }

        writer.Complete();
        var response = context.Response;
        response.ContentType = contentType;
        if (AcceptsGzip(context.Request.Headers.AcceptEncoding.ToString()))
        {
            response.Headers.ContentEncoding = "gzip";
            await using var gzip = new GZipStream(response.Body, CompressionLevel.Fastest, leaveOpen: true);
            await gzip.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
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
