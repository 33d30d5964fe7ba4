using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using NodeCollector.Config;
using NodeCollector.Metrics;

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

            var detail = await ErrorResponseBody.ReadAsync(response, MaxErrorBody, linked.Token).ConfigureAwait(false);
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

        if (tls.InsecureSkipVerify)
        {
            // The user asked for it with insecure_skip_verify: true; verification is on by default.
#pragma warning disable CA5359
            ssl.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (tls.CaFile.Length > 0 || tls.ServerName.Length > 0)
        {
            X509Certificate2Collection? roots = null;
            if (tls.CaFile.Length > 0)
            {
                roots = [];
                roots.ImportFromPemFile(tls.CaFile);
            }

            var serverName = tls.ServerName;
            ssl.RemoteCertificateValidationCallback = (_, certificate, _, errors) => Verify(certificate, errors, roots, serverName);
        }

        return handler;
    }

    /// <summary>
    /// Verification with a <c>ca_file</c> (the chain must end at one of its certificates) and/or a
    /// <c>server_name</c> (the certificate must be valid for that name instead of the URL's host, which the HTTP
    /// handler checks otherwise).
    /// </summary>
    private static bool Verify(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection? roots, string serverName)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }

        using var leaf = new X509Certificate2(certificate);
        var nameOk = serverName.Length > 0
            ? leaf.MatchesHostname(serverName)
            : (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0;
        if (!nameOk)
        {
            return false;
        }

        if (roots is null)
        {
            return (errors & SslPolicyErrors.RemoteCertificateChainErrors) == 0;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }
}
