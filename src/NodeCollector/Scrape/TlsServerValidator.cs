using System.Collections.Concurrent;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using NodeCollector.Config;

namespace NodeCollector.Scrape;

/// <summary>
/// Verifies a server certificate the way Prometheus' <c>tls_config</c> does: against <c>ca_file</c> (or the
/// system roots without one) and for <c>server_name</c> (or the URL's host), unless <c>insecure_skip_verify</c>.
/// Keeps the reason of the latest rejection per host so that a failed scrape can say why.
/// </summary>
internal sealed class TlsServerValidator
{
    private readonly TlsOptions _options;
    private readonly X509Certificate2Collection _authorities = [];
    private readonly ConcurrentDictionary<string, string> _failures = new(StringComparer.Ordinal);
    private readonly string? _caProblem;

    public TlsServerValidator(TlsOptions options)
    {
        _options = options;
        if (options.CaFile.Length > 0)
        {
            // A missing or bad CA file fails every scrape with the reason, rather than the whole collector.
            try
            {
                _authorities.ImportFromPemFile(options.CaFile);
                _caProblem = _authorities.Count == 0 ? $"ca_file {options.CaFile} holds no certificate" : null;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                _caProblem = $"cannot read ca_file {options.CaFile}: {ex.Message}";
            }
        }
    }

    public bool Validate(HttpRequestMessage request, X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var host = request.RequestUri?.IdnHost ?? "";
        var failure = Check(host, certificate, chain, errors);
        if (failure is null)
        {
            _failures.TryRemove(host, out _);
            return true;
        }

        _failures[host] = failure;
        return false;
    }

    /// <summary>Why the certificate of <paramref name="host"/> was last rejected, if it was.</summary>
    public string? FailureFor(string host) => _failures.TryGetValue(host, out var failure) ? failure : null;

    private string? Check(string host, X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (_options.InsecureSkipVerify)
        {
            return null;
        }

        if (_caProblem is not null)
        {
            return _caProblem;
        }

        if (certificate is null)
        {
            return "the server sent no certificate";
        }

        var expected = _options.ServerName.Length > 0 ? _options.ServerName : host;
        if (!certificate.MatchesHostname(expected, allowWildcards: true, allowCommonName: false))
        {
            return $"x509: the certificate of {host} is not valid for \"{expected}\" (server_name)";
        }

        if (_authorities.Count == 0)
        {
            return (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None
                ? null
                : $"x509: the certificate of {host} is not trusted by the system roots ({errors})";
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_authorities);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        if (custom.Build(certificate))
        {
            return null;
        }

        var reasons = string.Join(", ", custom.ChainStatus.Select(s => s.Status.ToString()));
        return $"x509: the certificate of {host} is not signed by an authority in {_options.CaFile} ({reasons})";
    }
}
