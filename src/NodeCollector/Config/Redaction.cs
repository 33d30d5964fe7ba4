namespace NodeCollector.Config;

/// <summary>
/// Hides credentials that are not typed as <see cref="Secret"/> but still sit in configuration text: the
/// <c>user:password@</c> of a URL, query parameters named like credentials, and header values. Whatever is shown
/// to a person (status page, JSON APIs) goes through here.
/// </summary>
internal static class Redaction
{
    public const string Marker = "<secret>";

    private static readonly string[] SensitiveNameParts =
        ["auth", "token", "secret", "password", "passwd", "pwd", "key", "cookie", "session", "credential", "signature", "sig"];

    /// <summary>True when a query parameter or header named <paramref name="name"/> probably carries a credential.</summary>
    public static bool IsSensitiveName(string name) =>
        SensitiveNameParts.Any(part => name.Contains(part, StringComparison.OrdinalIgnoreCase));

    /// <summary>The URL with its user information and credential-like query values replaced by the marker.</summary>
    public static string Url(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal);
        if (start < 0)
        {
            return url;
        }

        var authorityStart = start + 3;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0)
        {
            authorityEnd = url.Length;
        }

        var at = url.LastIndexOf('@', authorityEnd - 1, authorityEnd - authorityStart);
        var redacted = at < 0 ? url : url[..authorityStart] + Marker + url[at..];
        return RedactQuery(redacted);
    }

    private static string RedactQuery(string url)
    {
        var query = url.IndexOf('?', StringComparison.Ordinal);
        if (query < 0)
        {
            return url;
        }

        var fragment = url.IndexOf('#', query);
        var end = fragment < 0 ? url.Length : fragment;
        var parameters = url[(query + 1)..end].Split('&');
        for (var i = 0; i < parameters.Length; i++)
        {
            var equals = parameters[i].IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && IsSensitiveName(Uri.UnescapeDataString(parameters[i][..equals])))
            {
                parameters[i] = parameters[i][..(equals + 1)] + Marker;
            }
        }

        return url[..(query + 1)] + string.Join('&', parameters) + url[end..];
    }
}
