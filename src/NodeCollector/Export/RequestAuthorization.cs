using System.Net.Http.Headers;
using NodeCollector.Config;
using NodeCollector.Files;

namespace NodeCollector.Export;

/// <summary>
/// The <c>Authorization</c> header an exporter sends from its <see cref="HttpClientOptions"/>: basic auth, or a bearer
/// token; a password or token file is read again when it changes (see <see cref="SecretFile"/>).
/// </summary>
internal sealed class RequestAuthorization
{
    private readonly HttpClientOptions _http;
    private readonly SecretFile? _bearerFile;
    private readonly SecretFile? _passwordFile;

    public RequestAuthorization(HttpClientOptions http)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        _bearerFile = http.BearerTokenFile.Length > 0 ? new SecretFile(http.BearerTokenFile) : null;
        _passwordFile = http.BasicAuth is { PasswordFile.Length: > 0 } basic ? new SecretFile(basic.PasswordFile) : null;
    }

    /// <summary>
    /// <paramref name="text"/> (an error body a server sent back) with the credentials this client sends replaced by
    /// the redaction marker: a proxy or a debugging endpoint that echoes the request must not put them in a log.
    /// </summary>
    public string Scrub(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var secret in CurrentSecrets())
        {
            if (secret.Length > 0)
            {
                text = text.Replace(secret, Redaction.Marker, StringComparison.Ordinal);
            }
        }

        return text;
    }

    public void Apply(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_http.BasicAuth is { } basic)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", BasicCredential(basic, Password(basic)));
        }
        else if (Bearer() is { Length: > 0 } bearer)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
    }

    private static string BasicCredential(BasicAuthOptions basic, string password) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(basic.Username + ":" + password));

    private string Password(BasicAuthOptions basic) => _passwordFile?.Read().Value ?? basic.Password.Reveal();

    private string Bearer() => _bearerFile?.Read().Value ?? _http.BearerToken.Reveal();

    private IEnumerable<string> CurrentSecrets()
    {
        if (_http.BasicAuth is { } basic)
        {
            var password = Password(basic);
            yield return BasicCredential(basic, password);
            yield return password;
        }
        else
        {
            yield return Bearer();
        }
    }
}
