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
    private readonly HttpClient _http;
    private readonly RequestAuthorization _authorization;
    private readonly PushExchange _exchange;

    public LokiClient(LokiOptions options, TimeProvider time, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _url = new Uri(options.Url);
        ServerCertificateValidator? tls = null;
        _http = handler is null ? ScrapeHttpClients.Create(options.Http.Tls, out tls) : new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _authorization = new RequestAuthorization(options.Http);
        _exchange = new PushExchange(_http, _url, time, _authorization, tls);
    }

    public async Task<SendOutcome> PushAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        using var request = PushRequest.Create(_url, _options.Headers, _options.TenantId, _authorization, UserAgent);
        var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        request.Content = content;

        return await _exchange.SendAsync(request, _options.Timeout, "timeout", MaxErrorBody, static status => status is not (400 or 413), cancellationToken)
            .ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();
}
