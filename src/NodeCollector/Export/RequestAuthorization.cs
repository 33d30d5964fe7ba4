using System.Net.Http.Headers;
using NodeCollector.Config;
using NodeCollector.Export.RemoteWrite;

namespace NodeCollector.Export;

/// <summary>
/// The <c>Authorization</c> header an exporter sends from its <see cref="HttpClientOptions"/>: basic auth, or a bearer
/// token; a password or token file is read again when it changes (see <see cref="FileSecret"/>).
/// </summary>
internal sealed class RequestAuthorization
{
    private readonly HttpClientOptions _http;
    private readonly FileSecret? _bearerFile;
    private readonly FileSecret? _passwordFile;

    public RequestAuthorization(HttpClientOptions http)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        _bearerFile = http.BearerTokenFile.Length > 0 ? new FileSecret(http.BearerTokenFile) : null;
        _passwordFile = http.BasicAuth is { PasswordFile.Length: > 0 } basic ? new FileSecret(basic.PasswordFile) : null;
    }

    public void Apply(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_http.BasicAuth is { } basic)
        {
            var password = _passwordFile?.Read() ?? basic.Password.Reveal();
            var token = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(basic.Username + ":" + password));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", token);
        }
        else if ((_bearerFile?.Read() ?? _http.BearerToken.Reveal()) is { Length: > 0 } bearer)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
    }
}
