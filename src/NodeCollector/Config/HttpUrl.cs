namespace NodeCollector.Config;

/// <summary>Checks that a configured endpoint is an absolute http or https URL.</summary>
internal static class HttpUrl
{
    public static void Validate(ConfigProblems problems, string keyPath, string url, bool required)
    {
        if (url.Length == 0)
        {
            if (required)
            {
                problems.Add(keyPath, "a URL is required");
            }

            return;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add(keyPath, $"\"{url}\" is not an absolute http:// or https:// URL");
        }
    }
}
