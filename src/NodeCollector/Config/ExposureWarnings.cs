using System.Net;

namespace NodeCollector.Config;

/// <summary>
/// Settings that are valid but expose data or trust: a server listening beyond loopback (it has no TLS or
/// authentication of its own), TLS verification switched off, and credentials sent over plain http. Reported as
/// warnings at start and by <c>--check-config</c>; they do not stop the collector.
/// </summary>
internal static class ExposureWarnings
{
    public static void Collect(CollectorConfig config, ConfigProblems warnings)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(warnings);
        if (ListenEndpoint.TryParse(config.Server.ListenAddress, out var endpoint, out _) && !IPAddress.IsLoopback(endpoint!.Address))
        {
            warnings.Add("server.listen_address",
                $"{config.Server.ListenAddress} is reachable from the network, and the server has no TLS or authentication: anyone who can " +
                "reach this node reads its metrics, targets and status; listen on 127.0.0.1 or restrict access with a NetworkPolicy or firewall");
        }

        SkipVerify(warnings, "kubelet.tls_config", config.Kubelet.Tls);
        for (var i = 0; i < config.ScrapeConfigs.Count; i++)
        {
            var job = config.ScrapeConfigs[i];
            Client(warnings, $"scrape_configs[{i}]", job.Http, job.Scheme == "http" ? "scheme: http" : null, null);
        }

        for (var i = 0; i < config.RemoteWrite.Count; i++)
        {
            var remote = config.RemoteWrite[i];
            Client(warnings, $"remote_write[{i}]", remote.Http, PlainHttp(remote.Url), remote.Headers);
        }

        if (config.Loki.Url.Length > 0)
        {
            Client(warnings, "loki", config.Loki.Http, PlainHttp(config.Loki.Url), config.Loki.Headers);
        }
    }

    private static void Client(ConfigProblems warnings, string path, HttpClientOptions http, string? plainHttp,
        IReadOnlyDictionary<string, string>? headers)
    {
        SkipVerify(warnings, path + ".tls_config", http.Tls);
        if (plainHttp is null)
        {
            return;
        }

        var credential =
            http.BasicAuth is not null ? "basic_auth" :
            !http.BearerToken.IsEmpty ? "bearer_token" :
            http.BearerTokenFile.Length > 0 ? "bearer_token_file" :
            headers?.Keys.FirstOrDefault(Redaction.IsSensitiveName) is { } header ? "headers." + header :
            plainHttp.Contains('@', StringComparison.Ordinal) ? "url (user:password@)" :
            null;
        if (credential is not null)
        {
            warnings.Add(path + (credential.StartsWith("url", StringComparison.Ordinal) ? ".url" : "." + credential.Split(' ')[0]),
                $"{credential} is sent in clear text ({Redaction.Url(plainHttp)}): anyone on the path can read it; use https");
        }
    }

    private static void SkipVerify(ConfigProblems warnings, string path, TlsOptions tls)
    {
        if (tls.InsecureSkipVerify)
        {
            warnings.Add(path + ".insecure_skip_verify", "TLS certificates are not verified: a man in the middle can read and change this traffic");
        }
    }

    /// <summary>The URL when it is plain http, else null.</summary>
    private static string? PlainHttp(string url) =>
        url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? url : null;
}
