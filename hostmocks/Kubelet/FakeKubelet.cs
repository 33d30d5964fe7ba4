using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using HostMocks.Kubernetes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HostMocks.Kubelet;

/// <summary>
/// A fake kubelet on 127.0.0.1 and an ephemeral port: serves the fixture bodies of <c>/metrics/cadvisor</c>,
/// <c>/metrics/resource</c> and <c>/metrics/probes</c> over TLS with a k3s-style CA and a serving certificate
/// for the node name, <c>localhost</c> and 127.0.0.1, checks the bearer token (401 otherwise), gzips when asked,
/// and advances every counter (<c>*_total</c>) and explicit timestamp on each request.
/// </summary>
internal sealed class FakeKubelet : IAsyncDisposable
{
    private const string CertificateGenerationKey = "fake-kubelet-certificate-generation";
    private static readonly string[] Paths = ["cadvisor", "resource", "probes"];

    private readonly WebApplication _app;
    private readonly FakeApiCertificates _certificates;
    private readonly Dictionary<string, string[]> _bodies;
    private readonly long _timestampShiftMs;
    private readonly List<X509Certificate2> _retired = [];
    private readonly string _nodeName;
    private X509Certificate2 _serving;
    private int _certificateGeneration;
    private string _token;
    private int _requests;
    private int _servedAfterRotation;
    private int _unauthorized;
    private int _gzipped;

    private FakeKubelet(WebApplication app, FakeApiCertificates certificates, Dictionary<string, string[]> bodies, string token, string nodeName)
    {
        _app = app;
        _certificates = certificates;
        _serving = certificates.Server;
        _nodeName = nodeName;
        _bodies = bodies;
        _token = token;
        _timestampShiftMs = TimestampShiftMs(bodies.Values.SelectMany(lines => lines));
        _app.MapGet("/metrics/{path}", ServeAsync);
    }

    /// <summary>https://127.0.0.1:port</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>host:port, as <c>kubelet.address</c> takes it.</summary>
    public string Address => BaseAddress.Authority;

    public string CaPem => _certificates.AuthorityPem;

    public string Token
    {
        get => Volatile.Read(ref _token);
        set => Volatile.Write(ref _token, value);
    }

    public int Requests => Volatile.Read(ref _requests);

    public int UnauthorizedRequests => Volatile.Read(ref _unauthorized);

    /// <summary>How often the serving certificate was rotated.</summary>
    public int CertificateRotations => Volatile.Read(ref _certificateGeneration);

    /// <summary>Requests answered over a TLS connection that presented the newest rotated certificate.</summary>
    public int ServedWithRotatedCertificate => Volatile.Read(ref _servedAfterRotation);

    /// <summary>Responses sent gzip-compressed (the client asked with Accept-Encoding).</summary>
    public int GzippedResponses => Volatile.Read(ref _gzipped);

    /// <summary>Starts a kubelet for <paramref name="nodeName"/> serving the files of <paramref name="fixtureDirectory"/> (cadvisor.txt, ...).</summary>
    public static async Task<FakeKubelet> StartAsync(string nodeName, string fixtureDirectory, string token, CancellationToken cancellationToken = default)
    {
        var certificates = FakeApiCertificates.Create(
            TimeProvider.System, "k3s-server-ca@" + TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), nodeName, [nodeName, "localhost"]);
        var bodies = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var path in Paths)
        {
            var file = Path.Combine(fixtureDirectory, path + ".txt");
            if (File.Exists(file))
            {
                bodies[path] = await File.ReadAllLinesAsync(file, cancellationToken).ConfigureAwait(false);
            }
        }

        FakeKubelet? kubeletRef = null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(https => https.ServerCertificateSelector = (connection, _) =>
            {
                var current = kubeletRef!.CurrentCertificate(out var generation);
                connection!.Items[CertificateGenerationKey] = generation;
                return current;
            });
        }));
        var kubelet = kubeletRef = new FakeKubelet(builder.Build(), certificates, bodies, token, nodeName);
        await kubelet._app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = kubelet._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        kubelet.BaseAddress = new Uri("https://127.0.0.1:" + new Uri(address).Port.ToString(CultureInfo.InvariantCulture));
        return kubelet;
    }

    /// <summary>Writes the CA certificate as a k3s agent keeps it (<c>server-ca.crt</c>).</summary>
    public void WriteCa(string file) => File.WriteAllText(file, CaPem);

    /// <summary>
    /// Rotates the serving certificate as the kubelet's <c>serverTLSBootstrap</c> does: a new key and certificate from
    /// the same CA for new connections. Requests on connections opened before are answered once more and closed, so
    /// the client's next request makes a new TLS handshake.
    /// </summary>
    public void RotateServingCertificate()
    {
        var next = _certificates.IssueServer(TimeProvider.System, _nodeName, [_nodeName, "localhost"]);
        lock (_certificates)
        {
            _retired.Add(_serving);
            _serving = next;
            _certificateGeneration++;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        foreach (var retired in _retired.Skip(1))
        {
            retired.Dispose();
        }

        if (_certificateGeneration > 0)
        {
            _serving.Dispose();
        }

        _certificates.Dispose();
    }

    private X509Certificate2 CurrentCertificate(out int generation)
    {
        lock (_certificates)
        {
            generation = _certificateGeneration;
            return _serving;
        }
    }

    /// <summary>Whether this request came over a connection that presented the newest certificate; false also closes an older one after this answer.</summary>
    private bool OnNewestCertificate(HttpContext context)
    {
        var items = context.Features.Get<IConnectionItemsFeature>()?.Items;
        var generation = items is not null && items.TryGetValue(CertificateGenerationKey, out var value) ? (int)value! : 0;
        if (generation == CertificateRotations)
        {
            return true;
        }

        context.Features.Get<IConnectionLifetimeNotificationFeature>()?.RequestClose();
        return false;
    }

    private async Task ServeAsync(HttpContext context, string path)
    {
        var round = Interlocked.Increment(ref _requests);
        if (OnNewestCertificate(context) && CertificateRotations > 0)
        {
            Interlocked.Increment(ref _servedAfterRotation);
        }

        if (!string.Equals(context.Request.Headers.Authorization.ToString(), "Bearer " + Token, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _unauthorized);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        if (!_bodies.TryGetValue(path, out var lines))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        var body = context.Response.Body;
        if (context.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Headers.ContentEncoding = "gzip";
            Interlocked.Increment(ref _gzipped);
            body = new GZipStream(body, CompressionLevel.Fastest, leaveOpen: true);
        }

        await using (body.ConfigureAwait(false))
        {
            var writer = new StreamWriter(body, leaveOpen: true);
            await using (writer.ConfigureAwait(false))
            {
                foreach (var line in lines)
                {
                    await writer.WriteLineAsync(Advance(line, round, _timestampShiftMs)).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>
    /// How far to move the fixtures' explicit timestamps (taken months ago) so the newest is now, to the second: a
    /// real kubelet's are recent, and a remote-write receiver rejects samples older than its head block.
    /// </summary>
    private static long TimestampShiftMs(IEnumerable<string> lines)
    {
        var newest = 0L;
        foreach (var line in lines)
        {
            var space = line.LastIndexOf(' ');
            if (line.Length > 0 && line[0] != '#' && line.IndexOf(' ', line.LastIndexOf('}') + 1) < space
                && long.TryParse(line.AsSpan(space + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
            {
                newest = Math.Max(newest, timestamp);
            }
        }

        return newest == 0 ? 0 : (TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() - newest) / 1000 * 1000;
    }

    /// <summary>
    /// Adds <paramref name="round"/> to a counter's value, and <paramref name="round"/> seconds plus
    /// <paramref name="shiftMs"/> to an explicit timestamp.
    /// </summary>
    internal static string Advance(string line, int round, long shiftMs = 0)
    {
        if (line.Length == 0 || line[0] == '#')
        {
            return line;
        }

        var close = line.LastIndexOf('}');
        var nameEnd = line.IndexOfAny(['{', ' ']);
        var rest = line[((close >= 0 ? close : nameEnd) + 1)..].Trim();
        var parts = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return line;
        }

        var counter = line.AsSpan(0, nameEnd).EndsWith("_total", StringComparison.Ordinal);
        var newValue = counter ? (value + round).ToString("R", CultureInfo.InvariantCulture) : parts[0];
        var head = line[..((close >= 0 ? close : nameEnd) + 1)];
        if (parts.Length > 1 && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var timestamp))
        {
            return head + " " + newValue + " " + (timestamp + shiftMs + (round * 1000L)).ToString(CultureInfo.InvariantCulture);
        }

        return head + " " + newValue;
    }
}
