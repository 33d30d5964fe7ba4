namespace NodeCollector.Export;

/// <summary>The POST an exporter sends: configured headers first, then tenant, authorization and user agent over them.</summary>
internal static class PushRequest
{
    public static HttpRequestMessage Create(
        Uri url, IReadOnlyDictionary<string, string> headers, string tenantId, RequestAuthorization authorization, string userAgent)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (tenantId.Length > 0)
        {
            request.Headers.Remove("X-Scope-OrgID");
            request.Headers.TryAddWithoutValidation("X-Scope-OrgID", tenantId);
        }

        authorization.Apply(request);
        request.Headers.Remove("User-Agent");
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        return request;
    }
}
