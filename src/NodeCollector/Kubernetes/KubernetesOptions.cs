using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace NodeCollector.Kubernetes;

/// <summary>
/// Everything the Kubernetes discovery needs: where the API server is, how to authenticate, which node to
/// watch, and its timing. Build it with <see cref="KubernetesConnectionFactory.InCluster"/> or
/// <see cref="KubernetesConnectionFactory.FromKubeconfig"/> and adjust with <c>with</c>; no file format of
/// its own. TLS is always verified: against <see cref="CaCertificates"/> when given, else the system roots.
/// </summary>
internal sealed record KubernetesOptions
{
    /// <summary>The API server's base address, e.g. <c>https://10.43.0.1:443</c>. Must be https.</summary>
    public required Uri ApiServer { get; init; }

    /// <summary>This node's name (downward API <c>spec.nodeName</c> → <c>NODE_NAME</c>).</summary>
    public required string NodeName { get; init; }

    /// <summary>The roots that verify the API server's certificate (<c>ca.crt</c>); null: the system's.</summary>
    public X509Certificate2Collection? CaCertificates { get; init; }

    /// <summary>A bearer token file, re-read when it changes, at least every <see cref="TokenReloadInterval"/>, and after a 401.</summary>
    public string? TokenFile { get; init; }

    /// <summary>A fixed bearer token (kubeconfig <c>token:</c>), used when there is no <see cref="TokenFile"/>.</summary>
    public string? Token { get; init; }

    /// <summary>A client certificate with its private key (kubeconfig <c>client-certificate</c> + <c>client-key</c>).</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>The namespace the collector runs in (in-cluster <c>namespace</c> file or the context's); informational.</summary>
    public string? Namespace { get; init; }

    /// <summary>Pods per list page (<c>limit</c>); a node holds 110 by default.</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>
    /// The server ends each watch after a random time between this and twice this (<c>timeoutSeconds</c>), as
    /// client-go does; the client gives up on a watch that has not ended <see cref="RequestTimeout"/> later.
    /// </summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a list, or the start of a watch, may take before it counts as hung.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The first retry delay after a failure; it doubles up to <see cref="BackoffMax"/>, with jitter.</summary>
    public TimeSpan BackoffInitial { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest retry delay (config <c>kubernetes.resync_backoff_max</c>).</summary>
    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The token file is re-read at least this often even if it looks unchanged (client-go: 1 minute).</summary>
    public TimeSpan TokenReloadInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Also read and watch the node object (needs RBAC <c>nodes</c> get/list/watch).</summary>
    public bool WatchNode { get; init; } = true;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>Jitter source; tests pass a seeded one.</summary>
    public Random Random { get; init; } = Random.Shared;

    /// <summary>Every problem with these options, each naming its field; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (ApiServer.Scheme != Uri.UriSchemeHttps)
        {
            problems.Add($"{nameof(ApiServer)}: must be https (TLS is always verified), got {ApiServer.Scheme}");
        }

        if (string.IsNullOrWhiteSpace(NodeName))
        {
            problems.Add($"{nameof(NodeName)}: required (set NODE_NAME from spec.nodeName with the downward API)");
        }

        if (TokenFile is null && Token is null && ClientCertificate is null)
        {
            problems.Add($"{nameof(TokenFile)}: no credentials (token file, token or client certificate)");
        }

        if (PageSize <= 0)
        {
            problems.Add($"{nameof(PageSize)}: must be positive");
        }

        if (WatchTimeout <= TimeSpan.Zero || RequestTimeout <= TimeSpan.Zero || TokenReloadInterval <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(WatchTimeout)}, {nameof(RequestTimeout)}, {nameof(TokenReloadInterval)}: must be positive");
        }

        if (BackoffInitial <= TimeSpan.Zero || BackoffMax < BackoffInitial)
        {
            problems.Add($"{nameof(BackoffMax)}: must be at least {nameof(BackoffInitial)}, which must be positive");
        }

        return problems;
    }

    // Records print every property; credentials must never reach a log line.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("ApiServer = ").Append(ApiServer)
            .Append(", NodeName = ").Append(NodeName)
            .Append(", TokenFile = ").Append(TokenFile)
            .Append(", Token = ").Append(Token is null ? "(none)" : "(set)")
            .Append(", ClientCertificate = ").Append(ClientCertificate?.Subject ?? "(none)");
        return true;
    }
}
