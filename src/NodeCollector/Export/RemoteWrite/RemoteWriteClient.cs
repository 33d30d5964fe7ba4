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
    private readonly HttpClient _http;
    private readonly RequestAuthorization _authorization;
    private readonly PushExchange _exchange;

    public RemoteWriteClient(RemoteWriteOptions options, TimeProvider time, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _url = new Uri(options.Url);
        ServerCertificateValidator? tls = null;
        _http = new HttpClient(handler ?? CreateHandler(options.Http.Tls, out tls), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _authorization = new RequestAuthorization(options.Http);
        _exchange = new PushExchange(_http, _url, time, _authorization, tls);
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

        return await _exchange.SendAsync(request, _options.RemoteTimeout, "remote_timeout", MaxErrorBody, IsRetryable, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();

    private bool IsRetryable(int status) => status >= 500 || (status == (int)HttpStatusCode.TooManyRequests && _options.Queue.RetryOnHttp429);

    private static SocketsHttpHandler CreateHandler(TlsOptions tls, out ServerCertificateValidator validator)
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

        validator = ServerCertificateValidator.From(tls);
        validator.ApplyTo(ssl);
        return handler;
    }
}
