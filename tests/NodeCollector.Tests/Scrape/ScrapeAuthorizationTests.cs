using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using NodeCollector.Config;
using NodeCollector.Scrape;

namespace NodeCollector.Tests.Scrape;

public sealed class ScrapeAuthorizationTests : IDisposable
{
    private readonly string _file = Path.GetTempFileName();

    public void Dispose() => File.Delete(_file);

    [Fact]
    public void Basic_auth_takes_its_password_from_password_file_and_rereads_it_after_rotation()
    {
        File.WriteAllText(_file, "s3cret\n");
        var header = ScrapeAuthorization.For(new HttpClientOptions { BasicAuth = new BasicAuthOptions { Username = "scraper", PasswordFile = _file } }, NullLogger.Instance);
        Assert.Equal(("Basic", "scraper:s3cret"), Decode(header()));

        File.WriteAllText(_file, "rotated");
        File.SetLastWriteTimeUtc(_file, File.GetLastWriteTimeUtc(_file).AddSeconds(5));
        Assert.Equal(("Basic", "scraper:rotated"), Decode(header()));
    }

    [Fact]
    public void A_bearer_token_file_gives_a_bearer_header_and_an_empty_one_gives_none()
    {
        File.WriteAllText(_file, "tok\n");
        var header = ScrapeAuthorization.For(new HttpClientOptions { BearerTokenFile = _file }, NullLogger.Instance);
        Assert.Equal("Bearer tok", header()!.ToString());

        File.WriteAllText(_file, "");
        var empty = ScrapeAuthorization.For(new HttpClientOptions { BearerTokenFile = _file }, NullLogger.Instance);
        Assert.Null(empty());
    }

    [Fact]
    public void Fixed_credentials_and_none()
    {
        Assert.Equal("Bearer fixed", ScrapeAuthorization.For(new HttpClientOptions { BearerToken = new Secret("fixed") }, NullLogger.Instance)()!.ToString());
        Assert.Equal(("Basic", "u:p"), Decode(ScrapeAuthorization.For(new HttpClientOptions { BasicAuth = new BasicAuthOptions { Username = "u", Password = new Secret("p") } }, NullLogger.Instance)()));
        Assert.Null(ScrapeAuthorization.For(new HttpClientOptions(), NullLogger.Instance)());
    }

    private static (string Scheme, string Credentials) Decode(System.Net.Http.Headers.AuthenticationHeaderValue? header) =>
        (header!.Scheme, Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter!)));
}
