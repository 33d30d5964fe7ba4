using System.Collections.Concurrent;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using NodeCollector.Config;

namespace NodeCollector.Tls;

/// <summary>
/// The one check of a server certificate for every outgoing client (Kubernetes API, kubelet and pod scrapes,
/// remote write, Loki), as Prometheus' <c>tls_config</c> does it: the chain must end at a configured authority
/// (or a system root when none is configured) and the certificate must be valid for <c>server_name</c> (or the
/// host dialled), unless <c>insecure_skip_verify</c>. Keeps the reason of the latest rejection per host so that a
/// failed request can say why.
/// </summary>
internal sealed class ServerCertificateValidator
{
    private readonly X509Certificate2Collection _authorities;
    private readonly string _authoritySource;
    private readonly string _serverName;
    private readonly bool _insecureSkipVerify;
    private readonly string? _caProblem;
    private readonly ConcurrentDictionary<string, string> _failures = new(StringComparer.Ordinal);

    public ServerCertificateValidator(X509Certificate2Collection? authorities, string authoritySource = "the configured CA",
        string serverName = "", bool insecureSkipVerify = false)
    {
        _authorities = authorities ?? [];
        _authoritySource = authoritySource;
        _serverName = serverName;
        _insecureSkipVerify = insecureSkipVerify;
    }

    private ServerCertificateValidator(TlsOptions options, X509Certificate2Collection authorities, string? caProblem)
        : this(authorities, options.CaFile, options.ServerName, options.InsecureSkipVerify)
    {
        _caProblem = caProblem;
    }

    /// <summary>From a <c>tls_config</c>. A missing or bad <c>ca_file</c> fails every request with the reason rather than the whole collector.</summary>
    public static ServerCertificateValidator From(TlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        X509Certificate2Collection authorities = [];
        string? problem = null;
        if (options.CaFile.Length > 0)
        {
            try
            {
                authorities.ImportFromPemFile(options.CaFile);
                problem = authorities.Count == 0 ? $"ca_file {options.CaFile} holds no certificate" : null;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                problem = $"cannot read ca_file {options.CaFile}: {ex.Message}";
            }
        }

        return new ServerCertificateValidator(options, authorities, problem);
    }

    /// <summary>For <see cref="HttpClientHandler.ServerCertificateCustomValidationCallback"/>.</summary>
    public bool Validate(HttpRequestMessage request, X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        Validate(request?.RequestUri?.IdnHost ?? "", certificate, chain, errors);

    /// <summary>For <see cref="SslClientAuthenticationOptions.RemoteCertificateValidationCallback"/>.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var host = (sender as SslStream)?.TargetHostName ?? "";
        if (certificate is null or X509Certificate2)
        {
            return Validate(host, (X509Certificate2?)certificate, chain, errors);
        }

        using var loaded = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return Validate(host, loaded, chain, errors);
    }

    public bool Validate(string host, X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
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

    /// <summary>Puts this validator on <paramref name="ssl"/>: the one place a <see cref="SocketsHttpHandler"/> client gets its check.</summary>
    public void ApplyTo(SslClientAuthenticationOptions ssl)
    {
        ArgumentNullException.ThrowIfNull(ssl);
        ssl.RemoteCertificateValidationCallback = Validate;
    }

    private string? Check(string host, X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (_insecureSkipVerify)
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

        var expected = _serverName.Length > 0 ? _serverName : host;
        if (!certificate.MatchesHostname(expected, allowWildcards: true, allowCommonName: false))
        {
            return $"x509: the certificate of {host} is not valid for \"{expected}\"" + (_serverName.Length > 0 ? " (server_name)" : "");
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
        return $"x509: the certificate of {host} is not signed by an authority in {_authoritySource} ({reasons})";
    }
}
