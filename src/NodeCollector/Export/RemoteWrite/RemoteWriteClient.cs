using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using NodeCollector.Config;
using NodeCollector.Metrics;
using NodeCollector.Tls;

namespace NodeCollector.Export.RemoteWrite;

/// <summary>
/// Sends one compressed <c>WriteRequest</c> to one endpoint and sorts the answer into a <see cref="SendOutcome"/>:
/// 2xx written; 5xx, 429 (when <c>retry_on_http_429</c>) and network errors or timeouts retryable, honouring
/// <c>Retry-After</c>; every other status final. Sets the protocol headers after the user's, so they cannot be
/// overridden, and adds authentication (a token or password file is re-read when it changes) and the tenant.
/// </summary>
internal sealed class RemoteWriteClient : IDisposable
{
    private const int MaxErrorBody = 1024;

    private static readonly string UserAgent = "NodeCollector/" + BuildInfo.Current.Version;

    private readonly Uri _url;
    private readonly RemoteWriteOptions _options;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;
    private readonly RequestAuthorization _authorization;

    public RemoteWriteClient(RemoteWriteOptions options, TimeProvider time, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _url = new Uri(options.Url);
        _time = time;
        _http = new HttpClient(handler ?? CreateHandler(options.Http.Tls), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _authorization = new RequestAuthorization(options.Http);
    }

    /// <summary>Sends <paramref name="body"/>; <paramref name="attempt"/> 0 is the first try.</summary>
    public async Task<SendOutcome> SendAsync(ReadOnlyMemory<byte> body, int attempt, CancellationToken cancellationToken)
    {
        using var request = PushRequest.Create(_url, _options.Headers, _options.TenantId, _authorization, UserAgent);
        request.Headers.Remove("X-Prometheus-Remote-Write-Version");
        request.Headers.TryAddWithoutValidation("X-Prometheus-Remote-Write-Version", "0.1.0");
        if (attempt > 0)
        {
            request.Headers.Remove("Retry-Attempt");
            request.Headers.TryAddWithoutValidation("Retry-Attempt", attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        content.Headers.ContentEncoding.Add("snappy");
        request.Content = content;

        using var timeout = new CancellationTokenSource(_options.RemoteTimeout, _time);
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
            if (status >= 500 || (status == (int)HttpStatusCode.TooManyRequests && _options.Queue.RetryOnHttp429))
            {
                return SendOutcome.Retryable(status, RetryAfterHeader.From(response.Headers.RetryAfter, _time.GetUtcNow()), detail);
            }

            return SendOutcome.Fatal(status, detail);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SendOutcome.Retryable(0, null, $"no answer within remote_timeout {PromDuration.Format(_options.RemoteTimeout)}");
        }
        catch (HttpRequestException e)
        {
            return SendOutcome.Retryable(0, null, e.Message);
        }
        catch (IOException e)
        {
            return SendOutcome.Retryable(0, null, e.Message);
        }
    }

    public void Dispose() => _http.Dispose();

    private static SocketsHttpHandler CreateHandler(TlsOptions tls)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AutomaticDecompression = DecompressionMethods.None,
        };
        var ssl = handler.SslOptions;
        if (tls.CertFile.Length > 0)
        {
            ssl.ClientCertificates = [X509Certificate2.CreateFromPemFile(tls.CertFile, tls.KeyFile)];
        }

        ServerCertificateValidator.From(tls).ApplyTo(ssl);
        return handler;
    }
}
