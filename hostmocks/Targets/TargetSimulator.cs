using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HostMocks.Targets;

/// <summary>
/// Many scrape targets behind one Kestrel on 127.0.0.1: <c>/metrics</c> on each of the given ports (what the demo's
/// annotated pods point at) and <c>/endpoints/{i}/metrics</c> on an ephemeral port (for load tests). Every endpoint
/// serves text format 0.0.4 with <c>series</c> counter series that advance on each scrape, gzipped when asked.
/// A given port that is already taken is left out and listed in <see cref="UnavailablePorts"/>.
/// </summary>
internal sealed class TargetSimulator : IAsyncDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly WebApplication _app;
    private readonly int _series;
    private readonly int[] _pathScrapes;
    private readonly Dictionary<int, int> _portIndex;
    private readonly int[] _portScrapes;
    private int _gzipped;

    private TargetSimulator(WebApplication app, int pathEndpoints, IReadOnlyList<int> ports, int series)
    {
        _app = app;
        _series = series;
        _pathScrapes = new int[pathEndpoints];
        _portIndex = ports.Select((port, i) => (port, i)).ToDictionary(p => p.port, p => p.i);
        _portScrapes = new int[ports.Count];
        ListeningPorts = ports;
        _app.MapGet("/metrics", ServePortAsync);
        _app.MapGet("/endpoints/{index:int}/metrics", ServePathAsync);
    }

    /// <summary>http://127.0.0.1:port of the ephemeral listener that serves <c>/endpoints/{i}/metrics</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The requested ports that are served.</summary>
    public IReadOnlyList<int> ListeningPorts { get; }

    /// <summary>The requested ports that were taken by something else, so are not served.</summary>
    public IReadOnlyList<int> UnavailablePorts { get; private init; } = [];

    public int PathEndpoints => _pathScrapes.Length;

    public int GzippedResponses => Volatile.Read(ref _gzipped);

    /// <summary>Starts the simulator with <paramref name="pathEndpoints"/> endpoints by path and one per free port of <paramref name="ports"/>, each with <paramref name="series"/> series.</summary>
    public static async Task<TargetSimulator> StartAsync(IReadOnlyList<int> ports, int pathEndpoints, int series, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pathEndpoints);
        ArgumentOutOfRangeException.ThrowIfLessThan(series, 1);
        for (var attempt = 1; ; attempt++)
        {
            // A port can be taken between the probe and the bind (another demo starting): probe again, then give up on the given ports.
            var free = attempt < 3 ? ports.Where(IsFree).Distinct().ToList() : [];
            var simulator = Create(ports, free, pathEndpoints, series);
            try
            {
                await simulator._app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException) when (free.Count > 0)
            {
                await simulator._app.DisposeAsync().ConfigureAwait(false);
                continue;
            }

            var addresses = simulator._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            var ephemeral = addresses.Select(a => new Uri(a).Port).First(p => !free.Contains(p));
            simulator.BaseAddress = new Uri("http://127.0.0.1:" + ephemeral.ToString(CultureInfo.InvariantCulture));
            return simulator;
        }
    }

    private static TargetSimulator Create(IReadOnlyList<int> ports, List<int> free, int pathEndpoints, int series)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            foreach (var port in free)
            {
                kestrel.Listen(IPAddress.Loopback, port);
            }
        });
        return new TargetSimulator(builder.Build(), pathEndpoints, free, series) { UnavailablePorts = [.. ports.Except(free)] };
    }

    /// <summary>host:port of the path endpoints, as a static scrape config takes it.</summary>
    public string Address => BaseAddress.Authority;

    public static string PathOf(int index) => "/endpoints/" + index.ToString(CultureInfo.InvariantCulture) + "/metrics";

    public int ScrapesOfPath(int index) => Volatile.Read(ref _pathScrapes[index]);

    public int ScrapesOfPort(int port) => Volatile.Read(ref _portScrapes[_portIndex[port]]);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The body of the <paramref name="round"/>th scrape (from 1): series k of the counter stands at round × (k + 1).</summary>
    internal static string Body(string endpoint, int series, int round)
    {
        var text = new StringBuilder(64 * series + 256);
        text.Append("# HELP sim_requests_total Requests the simulated target has served, per series.\n")
            .Append("# TYPE sim_requests_total counter\n");
        for (var k = 0; k < series; k++)
        {
            text.Append(CultureInfo.InvariantCulture, $"sim_requests_total{{endpoint=\"{endpoint}\",series=\"{k}\"}} {(long)round * (k + 1)}\n");
        }

        text.Append("# HELP sim_series Series of sim_requests_total this endpoint exposes.\n")
            .Append("# TYPE sim_series gauge\n")
            .Append(CultureInfo.InvariantCulture, $"sim_series{{endpoint=\"{endpoint}\"}} {series}\n");
        return text.ToString();
    }

    private Task ServePortAsync(HttpContext context)
    {
        var port = context.Connection.LocalPort;
        if (!_portIndex.TryGetValue(port, out var index))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        var round = Interlocked.Increment(ref _portScrapes[index]);
        return WriteAsync(context, Body("port-" + port.ToString(CultureInfo.InvariantCulture), _series, round));
    }

    private Task ServePathAsync(HttpContext context, int index)
    {
        if (index < 0 || index >= _pathScrapes.Length)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        var round = Interlocked.Increment(ref _pathScrapes[index]);
        return WriteAsync(context, Body(index.ToString(CultureInfo.InvariantCulture), _series, round));
    }

    private async Task WriteAsync(HttpContext context, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.ContentType = ContentType;
        if (!context.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
        {
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        context.Response.Headers.ContentEncoding = "gzip";
        Interlocked.Increment(ref _gzipped);
        var gzip = new GZipStream(context.Response.Body, CompressionLevel.Fastest, leaveOpen: true);
        await using (gzip.ConfigureAwait(false))
        {
            await gzip.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static bool IsFree(int port)
    {
        var probe = new TcpListener(IPAddress.Loopback, port);
        try
        {
            probe.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            probe.Stop();
        }
    }
}
