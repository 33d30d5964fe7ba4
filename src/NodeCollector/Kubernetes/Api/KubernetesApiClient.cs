using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using NodeCollector.Tls;

namespace NodeCollector.Kubernetes.Api;

/// <summary>
/// <see cref="IKubernetesApi"/> over <see cref="HttpClient"/> and source-generated System.Text.Json:
/// verified TLS, bearer token re-read after a 401 (one retry when the token changed) or client certificate,
/// lists read within <see cref="KubernetesOptions.RequestTimeout"/>, watches streamed line by line.
/// </summary>
internal sealed class KubernetesApiClient : IKubernetesApi, IDisposable
{
    private const int MaxErrorBodyBytes = 64 * 1024;

    private readonly HttpClient _http;
    private readonly string _baseAddress;
    private readonly BearerTokenSource _tokens;
    private readonly KubernetesOptions _options;

    public KubernetesApiClient(KubernetesOptions options)
    {
        _options = options;
        _baseAddress = options.ApiServer.AbsoluteUri.TrimEnd('/');
        _tokens = new BearerTokenSource(options.TokenFile, options.Token, options.TimeProvider, options.TokenReloadInterval, options.Logger);
        var validator = new ServerCertificateValidator(options.CaCertificates, "the cluster CA");
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.RequestTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = validator.Validate,
                ClientCertificates = options.ClientCertificate is null ? null : new X509CertificateCollection { options.ClientCertificate },
            },
        };
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task<V1PodList> ListPodsAsync(string nodeName, int limit, string? continueToken, CancellationToken cancellationToken)
    {
        var query = "/api/v1/pods?fieldSelector=" + Uri.EscapeDataString("spec.nodeName=" + nodeName) +
            "&limit=" + limit.ToString(CultureInfo.InvariantCulture) +
            (string.IsNullOrEmpty(continueToken) ? "" : "&continue=" + Uri.EscapeDataString(continueToken));
        return await GetAsync(query, KubernetesJsonContext.Default.V1PodList, cancellationToken).ConfigureAwait(false);
    }

    public Task<IWatchStream<V1Pod>> WatchPodsAsync(string nodeName, string resourceVersion, TimeSpan timeout, CancellationToken cancellationToken) =>
        WatchAsync("/api/v1/pods", "spec.nodeName=" + nodeName, resourceVersion, timeout, KubernetesJsonContext.Default.V1Pod, cancellationToken);

    public async Task<V1NodeList> ReadNodeAsync(string nodeName, CancellationToken cancellationToken)
    {
        var query = "/api/v1/nodes?fieldSelector=" + Uri.EscapeDataString("metadata.name=" + nodeName);
        return await GetAsync(query, KubernetesJsonContext.Default.V1NodeList, cancellationToken).ConfigureAwait(false);
    }

    public Task<IWatchStream<V1Node>> WatchNodeAsync(string nodeName, string resourceVersion, TimeSpan timeout, CancellationToken cancellationToken) =>
        WatchAsync("/api/v1/nodes", "metadata.name=" + nodeName, resourceVersion, timeout, KubernetesJsonContext.Default.V1Node, cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<TList> GetAsync<TList>(string pathAndQuery, JsonTypeInfo<TList> listType, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await SendAsync(pathAndQuery, linked.Token).ConfigureAwait(false);
            await EnsureSuccessAsync(response, linked.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                return await JsonSerializer.DeserializeAsync(body, listType, linked.Token).ConfigureAwait(false)
                    ?? throw new JsonException("the list response is null");
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no complete answer within {_options.RequestTimeout}");
        }
    }

    private async Task<IWatchStream<T>> WatchAsync<T>(
        string path, string fieldSelector, string resourceVersion, TimeSpan timeout, JsonTypeInfo<T> objectType, CancellationToken cancellationToken)
        where T : class, IKubernetesObject
    {
        var seconds = Math.Max(1, (long)timeout.TotalSeconds);
        var query = path + "?fieldSelector=" + Uri.EscapeDataString(fieldSelector) +
            "&watch=1&allowWatchBookmarks=true&resourceVersion=" + Uri.EscapeDataString(resourceVersion) +
            "&timeoutSeconds=" + seconds.ToString(CultureInfo.InvariantCulture);
        var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(seconds) + _options.RequestTimeout, _options.TimeProvider);
        using var headers = new CancellationTokenSource(_options.RequestTimeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, headers.Token);
        HttpResponseMessage? response = null;
        try
        {
            response = await SendAsync(query, linked.Token).ConfigureAwait(false);
            await EnsureSuccessAsync(response, linked.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
            var stream = new HttpWatchStream<T>(response, body, objectType, deadline);
            response = null;
            deadline = null;
            return stream;
        }
        catch (OperationCanceledException) when (headers.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"the watch was not accepted within {_options.RequestTimeout}");
        }
        finally
        {
            response?.Dispose();
            deadline?.Dispose();
        }
    }

    private async Task<HttpResponseMessage> SendAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_baseAddress + pathAndQuery));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (_tokens.Current() is { } token)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Unauthorized || attempt > 0 || !_tokens.ReloadAfterUnauthorized())
            {
                return response;
            }

            response.Dispose();
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var code = (int)response.StatusCode;
        V1Status? status = null;
        try
        {
            var bytes = await ReadBoundedAsync(response.Content, cancellationToken).ConfigureAwait(false);
            status = JsonSerializer.Deserialize(bytes, KubernetesJsonContext.Default.V1Status);
        }
        catch (JsonException)
        {
            // Not a Status body (a proxy's HTML page, say): the HTTP status alone is the error.
        }
        catch (IOException)
        {
            // The body was cut off: the HTTP status alone is the error.
        }

        var reason = string.IsNullOrEmpty(status?.Reason) ? response.ReasonPhrase ?? "" : status.Reason;
        var message = string.IsNullOrEmpty(status?.Message) ? "HTTP " + code : status.Message;
        throw new KubernetesApiException(code, reason, message);
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[MaxErrorBodyBytes];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
            }

            return buffer[..length];
        }
    }
}
