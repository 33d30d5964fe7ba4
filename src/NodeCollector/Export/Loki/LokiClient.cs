using System.Net.Http.Headers;
using NodeCollector.Config;
using NodeCollector.Export.RemoteWrite;
using NodeCollector.Metrics;
using NodeCollector.Scrape;
using NodeCollector.Tls;

namespace NodeCollector.Export.Loki;

/// <summary>
/// POSTs one snappy-compressed <c>PushRequest</c> to Loki and sorts the answer: 2xx stored; 400 (Loki stored the
/// valid entries and lists the rest) and 413 (too large, retrying cannot help) final; everything else retryable,
/// honouring <c>Retry-After</c>: 429, 5xx, network errors and timeouts as Loki's docs say, and other 4xx (a revoked
/// token, a wrong path) too, because at-least-once means waiting for the operator rather than dropping. TLS is
/// verified by <see cref="ServerCertificateValidator"/>; a token or password file is re-read when it changes.
/// </summary>
internal sealed class LokiClient : IDisposable
{
    /// <summary>Enough of a 400 body to count its rejected entries by reason.</summary>
    private const int MaxErrorBody = 64 * 1024;

    private static readonly string UserAgent = "NodeCollector/" + BuildInfo.Current.Version;

    private readonly LokiOptions _options;
    private readonly Uri _url;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;
    private readonly ServerCertificateValidator? _tls;
    private readonly RequestAuthorization _authorization;

    public LokiClient(LokiOptions options, TimeProvider time, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _url = new Uri(options.Url);
        _time = time;
        _http = handler is null ? ScrapeHttpClients.Create(options.Http.Tls, out _tls) : new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _authorization = new RequestAuthorization(options.Http);
    }

    public async Task<SendOutcome> PushAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        using var request = PushRequest.Create(_url, _options.Headers, _options.TenantId, _authorization, UserAgent);
        var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        request.Content = content;

        using var timeout = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300)
            {
                return SendOutcome.Success(status);
            }

            var detail = _authorization.Scrub(await ErrorResponseBody.ReadAsync(response, MaxErrorBody, linked.Token).ConfigureAwait(false));
            return status is 400 or 413
                ? SendOutcome.Fatal(status, detail)
                : SendOutcome.Retryable(status, RetryAfterHeader.From(response.Headers.RetryAfter, _time.GetUtcNow()), detail);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SendOutcome.Retryable(0, null, $"no answer within timeout {PromDuration.Format(_options.Timeout)}");
        }
        catch (HttpRequestException e)
        {
            var tls = _tls?.FailureFor(_url.IdnHost);
            return SendOutcome.Retryable(0, null, tls is null ? e.Message : e.Message + ": " + tls);
        }
        catch (IOException e)
        {
            return SendOutcome.Retryable(0, null, e.Message);
        }
    }

    public void Dispose() => _http.Dispose();
}
