using NodeCollector.Config;
using NodeCollector.Export.RemoteWrite;
using NodeCollector.Tls;

namespace NodeCollector.Export;

/// <summary>
/// One POST of an exporter and the sorting of its answer, the part remote write and Loki share: 2xx is a success;
/// another status is retryable (honouring <c>Retry-After</c>) when the exporter's rule says so, else final, with
/// the error body scrubbed of credentials; no answer within the timeout, a network or a TLS failure is retryable,
/// with the reason a certificate was refused when there was one.
/// </summary>
internal sealed class PushExchange(HttpClient http, Uri url, TimeProvider time, RequestAuthorization authorization, ServerCertificateValidator? tls)
{
    public async Task<SendOutcome> SendAsync(
        HttpRequestMessage request, TimeSpan timeout, string timeoutSetting, int maxErrorBody, Func<int, bool> isRetryable, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300)
            {
                return SendOutcome.Success(status);
            }

            var detail = authorization.Scrub(await ErrorResponseBody.ReadAsync(response, maxErrorBody, linked.Token).ConfigureAwait(false));
            return isRetryable(status)
                ? SendOutcome.Retryable(status, RetryAfterHeader.From(response.Headers.RetryAfter, time.GetUtcNow()), detail)
                : SendOutcome.Fatal(status, detail);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SendOutcome.Retryable(0, null, $"no answer within {timeoutSetting} {PromDuration.Format(timeout)}");
        }
        catch (HttpRequestException e)
        {
            var refused = tls?.FailureFor(url.IdnHost);
            return SendOutcome.Retryable(0, null, refused is null ? e.Message : e.Message + ": " + refused);
        }
        catch (IOException e)
        {
            return SendOutcome.Retryable(0, null, e.Message);
        }
    }
}
