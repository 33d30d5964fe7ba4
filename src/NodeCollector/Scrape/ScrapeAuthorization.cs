using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using NodeCollector.Config;
using NodeCollector.Files;

namespace NodeCollector.Scrape;

/// <summary>
/// The <c>Authorization</c> header of a job's scrapes: a bearer token, fixed or from a file, or basic auth with a
/// password fixed or from a file; a file is read again when it changes (<see cref="SecretFile"/>). Null for none.
/// </summary>
internal static class ScrapeAuthorization
{
    public static Func<AuthenticationHeaderValue?> For(HttpClientOptions http, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.BearerTokenFile.Length > 0)
        {
            var file = new SecretFile(http.BearerTokenFile);
            return () => Read(file, logger) is { Length: > 0 } token ? new AuthenticationHeaderValue("Bearer", token) : null;
        }

        if (!http.BearerToken.IsEmpty)
        {
            return () => new AuthenticationHeaderValue("Bearer", http.BearerToken.Reveal());
        }

        if (http.BasicAuth is { } basic)
        {
            var passwordFile = basic.PasswordFile.Length > 0 ? new SecretFile(basic.PasswordFile) : null;
            return () => new AuthenticationHeaderValue("Basic", Basic(basic.Username, passwordFile is null ? basic.Password.Reveal() : Read(passwordFile, logger) ?? ""));
        }

        return static () => null;
    }

    private static string? Read(SecretFile file, ILogger logger)
    {
        var read = file.Read();
        if (read.Replaced)
        {
            Log.TokenReread(logger, file.Path, "the file changed");
        }

        if (read.Problem is { } problem)
        {
            Log.TokenUnreadable(logger, file.Path, problem);
        }

        return read.Value;
    }

    private static string Basic(string username, string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes(username + ":" + password));
}
