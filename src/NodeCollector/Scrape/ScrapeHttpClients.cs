using System.Net;
using System.Net.Http;
using System.Security.Cryptography.X509Certificates;
using NodeCollector.Config;
using NodeCollector.Tls;

namespace NodeCollector.Scrape;

/// <summary>
/// Builds the one <see cref="HttpClient"/> a job's targets share, with its TLS settings. Decompression is left to
/// <see cref="HttpScrapeClient"/> so that <c>body_size_limit</c> applies to the decompressed body, as in Prometheus.
/// </summary>
internal static class ScrapeHttpClients
{
    public static HttpClient Create(TlsOptions tls, out ServerCertificateValidator validator)
    {
        var checker = ServerCertificateValidator.From(tls);
        validator = checker;
#pragma warning disable CA2000 // The client owns the handler (disposeHandler: true).
        var handler = new HttpClientHandler
        {
            AutomaticDecompression = DecompressionMethods.None,
            AllowAutoRedirect = true,
            UseCookies = false,
            UseProxy = false,
            ServerCertificateCustomValidationCallback = checker.Validate,
        };
#pragma warning restore CA2000
        if (tls.CertFile.Length > 0)
        {
            handler.ClientCertificates.Add(X509Certificate2.CreateFromPemFile(tls.CertFile, tls.KeyFile));
        }

        return new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
