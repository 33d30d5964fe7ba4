namespace NodeCollector.Export;

/// <summary>The text of a receiver's error response, cut to a length; empty when the body cannot be read.</summary>
internal static class ErrorResponseBody
{
    public static async Task<string> ReadAsync(HttpResponseMessage response, int maxChars, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        try
        {
            var body = (await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Trim();
            return body.Length > maxChars ? body[..maxChars] + "…" : body;
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return "";
        }
    }
}
