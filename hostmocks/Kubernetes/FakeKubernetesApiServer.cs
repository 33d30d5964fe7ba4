using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodeCollector.Kubernetes;
using NodeCollector.Kubernetes.Api;

namespace HostMocks.Kubernetes;

/// <summary>
/// A fake Kubernetes API server for tests and the demo: real Kestrel on 127.0.0.1 and an ephemeral port,
/// TLS from its own CA, bearer-token checking, pods and nodes with list (field selector, pagination) and
/// watch (chunked JSON events, bookmarks, resourceVersion history, 410 when too old). Tests drive it with
/// the controls below: change objects, drop or stall watches, expire history, rotate the token, inject
/// failures, hangs and bad lines.
/// </summary>
internal sealed class FakeKubernetesApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FakeApiCertificates _certificates;
    private readonly FakeApiFaults _faults;
    private readonly FakeApiEndpoint _endpoint;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _bookmarks;
    private string _token;

    private FakeKubernetesApiServer(WebApplication app, FakeApiCertificates certificates, TimeSpan? bookmarkInterval)
    {
        _app = app;
        _certificates = certificates;
        _token = NewToken();
        _faults = new FakeApiFaults();
        _endpoint = new FakeApiEndpoint(Cluster, _faults, () => Token);
        app.Run(_endpoint.HandleAsync);
        _bookmarks = bookmarkInterval is { } interval ? SendBookmarksAsync(interval, _stopping.Token) : Task.CompletedTask;
    }

    /// <summary><c>https://127.0.0.1:&lt;port&gt;</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The CA that signed the serving certificate: what clients must trust.</summary>
    public X509Certificate2Collection CaCertificates => [_certificates.Authority];

    /// <summary>The CA as PEM (the content of a service account's <c>ca.crt</c>).</summary>
    public string CaPem => _certificates.AuthorityPem;

    /// <summary>The only bearer token accepted now.</summary>
    public string Token => Volatile.Read(ref _token);

    public FakeClusterState Cluster { get; } = new();

    public int Requests => _endpoint.Requests;

    public int Lists => _endpoint.Lists;

    public int Watches => _endpoint.Watches;

    public int UnauthorizedRequests => _endpoint.Unauthorized;

    /// <summary>Answer an expired watch with HTTP 410 instead of the usual 200 and an ERROR event.</summary>
    public bool ExpiredWatchAsHttpStatus
    {
        get => _endpoint.ExpiredWatchAsHttpStatus;
        set => _endpoint.ExpiredWatchAsHttpStatus = value;
    }

    /// <summary>Starts a server on 127.0.0.1, port 0. <paramref name="bookmarkInterval"/>: send bookmarks that often.</summary>
    public static async Task<FakeKubernetesApiServer> StartAsync(TimeSpan? bookmarkInterval = null, CancellationToken cancellationToken = default)
    {
        var certificates = FakeApiCertificates.Create(TimeProvider.System);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            listen.UseHttps(certificates.Server);
        }));
        var server = new FakeKubernetesApiServer(builder.Build(), certificates, bookmarkInterval);
        await server._app.StartAsync(cancellationToken).ConfigureAwait(false);
        server.BaseAddress = new Uri("https://127.0.0.1:" + Port(server._app).ToString(System.Globalization.CultureInfo.InvariantCulture));
        return server;
    }

    /// <summary>Client options for this server: its address and CA, a token file, this node.</summary>
    public KubernetesOptions ClientOptions(string nodeName, string tokenFile) => new()
    {
        ApiServer = BaseAddress,
        NodeName = nodeName,
        CaCertificates = CaCertificates,
        TokenFile = tokenFile,
    };

    /// <summary>Writes the current token where a client reads it (as the kubelet writes a projected token).</summary>
    public void WriteToken(string tokenFile)
    {
        var temporary = tokenFile + ".tmp";
        File.WriteAllText(temporary, Token);
        File.Move(temporary, tokenFile, overwrite: true);
    }

    /// <summary>Replaces the accepted token; the old one gets 401 from now on. Returns the new token.</summary>
    public string RotateToken()
    {
        var token = NewToken();
        Volatile.Write(ref _token, token);
        return token;
    }

    public V1Pod AddPod(V1Pod pod) => Cluster.AddPod(pod);

    public V1Pod UpdatePod(V1Pod pod) => Cluster.UpdatePod(pod);

    public bool DeletePod(string @namespace, string name) => Cluster.DeletePod(@namespace, name);

    public V1Node SetNode(V1Node node) => Cluster.SetNode(node);

    /// <summary>Cuts every open watch connection.</summary>
    public void DropWatches() => Cluster.ForEachWatch(session => session.Drop());

    /// <summary>Ends every open watch in the middle of an event.</summary>
    public void TruncateWatches() => Cluster.ForEachWatch(session => session.Truncate());

    /// <summary>Open watches stop sending anything and never end, like a hung server.</summary>
    public void StallWatches() => Cluster.ForEachWatch(session => session.Stall());

    /// <summary>Writes <paramref name="line"/> (and a newline) to every open watch, e.g. malformed JSON or an unknown event type.</summary>
    public void InjectIntoWatches(string line)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(line + "\n");
        Cluster.ForEachWatch(session => session.Enqueue(bytes));
    }

    /// <summary>Compacts history: resuming from any earlier version now gets 410.</summary>
    public void ExpireHistory() => Cluster.ExpireHistory();

    public void SendBookmarks() => Cluster.SendBookmarks();

    /// <summary>The next <paramref name="count"/> requests fail with <paramref name="status"/> (a Status body).</summary>
    public void FailNextRequests(int count, int status = 500) => _faults.FailNext(count, status);

    /// <summary>The next <paramref name="count"/> requests are accepted and never answered.</summary>
    public void HangNextRequests(int count) => _faults.HangNext(count);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _bookmarks.ConfigureAwait(false);
        DropWatches();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _certificates.Dispose();
        _stopping.Dispose();
    }

    private async Task SendBookmarksAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                Cluster.SendBookmarks();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private static int Port(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First()).Port;
    }

    private static string NewToken() => "fake-sa-token-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
}
