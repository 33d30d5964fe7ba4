using System.IO.Compression;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Authentication;
using NodeCollector.Metrics;
using NodeCollector.Tls;

namespace NodeCollector.Scrape;

/// <summary>
/// Fetches a target over HTTP(S) with the headers Prometheus sends (Accept preferring OpenMetrics, gzip,
/// the scrape timeout), a bearer token (re-read from its file when it changes) or basic auth, gunzips the body
/// itself and stops reading past <c>body_size_limit</c>. The body buffer is reused from scrape to scrape.
/// </summary>
internal sealed class HttpScrapeClient : IScrapeClient
{
    /// <summary>Prometheus 3's Accept header with legacy (underscore) name escaping, which is what we parse.</summary>
    public const string AcceptHeader =
        "application/openmetrics-text;version=1.0.0;escaping=underscores;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,"
        + "text/plain;version=1.0.0;escaping=underscores;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2";

    private static readonly ProductInfoHeaderValue UserAgent = new("NodeCollector", BuildInfo.Current.Version);

    private readonly HttpClient _client;
    private readonly ServerCertificateValidator? _validator;
    private readonly Uri _url;
    private readonly string _timeoutSeconds;
    private readonly long _bodySizeLimit;
    private readonly Func<AuthenticationHeaderValue?> _authorization;
    private byte[] _buffer = new byte[64 * 1024];

    public HttpScrapeClient(HttpClient client, ServerCertificateValidator? validator, ScrapeTarget target, Func<AuthenticationHeaderValue?> authorization)
    {
        _client = client;
        _validator = validator;
        _url = target.Url;
        _timeoutSeconds = target.Timeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        _bodySizeLimit = target.Job.BodySizeLimit;
        _authorization = authorization;
    }

    public async Task<ScrapeResponse> FetchAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _url);
        request.Headers.TryAddWithoutValidation("Accept", AcceptHeader);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
        request.Headers.UserAgent.Add(UserAgent);
        request.Headers.TryAddWithoutValidation("X-Prometheus-Scrape-Timeout-Seconds", _timeoutSeconds);
        request.Headers.Authorization = _authorization();
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != System.Net.HttpStatusCode.OK)
            {
                return ScrapeResponse.Failed($"server returned HTTP status {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            var gzip = response.Content.Headers.ContentEncoding.Contains("gzip", StringComparer.OrdinalIgnoreCase);
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var body = gzip ? new GZipStream(stream, CompressionMode.Decompress) : stream;
                await using (body.ConfigureAwait(false))
                {
                    var length = await ReadAsync(body, cancellationToken).ConfigureAwait(false);
                    if (length < 0)
                    {
                        return ScrapeResponse.Failed($"body size limit exceeded (limit: {_bodySizeLimit} bytes)");
                    }

                    var mediaType = response.Content.Headers.ContentType?.MediaType;
                    var openMetrics = string.Equals(mediaType, "application/openmetrics-text", StringComparison.OrdinalIgnoreCase);
                    return new ScrapeResponse(_buffer.AsMemory(0, length), openMetrics, null);
                }
            }
        }
        catch (HttpRequestException ex)
        {
            return ScrapeResponse.Failed(Describe(ex));
        }
        catch (InvalidDataException ex)
        {
            return ScrapeResponse.Failed("invalid gzip body: " + ex.Message);
        }
        catch (IOException ex)
        {
            return ScrapeResponse.Failed(ex.Message);
        }
    }

    public void Dispose()
    {
        // The HttpClient belongs to the job, not to one target.
    }

    /// <summary>Reads the whole body into the reused buffer; -1 when it is longer than the limit.</summary>
    private async Task<int> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        var length = 0;
        while (true)
        {
            if (length == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var read = await body.ReadAsync(_buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return length;
            }

            length += read;
            if (_bodySizeLimit > 0 && length > _bodySizeLimit)
            {
                return -1;
            }
        }
    }

    private string Describe(HttpRequestException ex)
    {
        if (ex.InnerException is AuthenticationException && _validator?.FailureFor(_url.IdnHost) is { } tls)
        {
            return tls;
        }

        return ex.InnerException is null ? ex.Message : ex.Message + " (" + ex.InnerException.Message + ")";
    }
}
