using System.Net;
using System.Net.Sockets;
using NodeCollector.TestSupport;

namespace NodeCollector.IntegrationTests.Host;

/// <summary>Debian's prometheus-node-exporter (1.5) on 127.0.0.1 and a free port, killed on dispose.</summary>
internal sealed class NodeExporterProcess : IDisposable
{
    public const string Binary = "/usr/bin/prometheus-node-exporter";

    private readonly ChildProcess _process;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private NodeExporterProcess(ChildProcess process, Uri metrics)
    {
        _process = process;
        Metrics = metrics;
    }

    public Uri Metrics { get; }

    public int Pid => _process.Id;

    public static async Task<NodeExporterProcess> StartAsync(IEnumerable<string> flags)
    {
        var port = FreePort();
        var process = ChildProcess.Start(Binary, [$"--web.listen-address=127.0.0.1:{port}", .. flags]);
        var exporter = new NodeExporterProcess(process, new Uri($"http://127.0.0.1:{port}/metrics"));
        await Poll.UntilAsync(
            async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException("node_exporter exited\n" + process.Describe());
                }

                try
                {
                    using var response = await exporter._http.GetAsync(exporter.Metrics);
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(30),
            "node_exporter answering on " + exporter.Metrics);
        return exporter;
    }

    public Task<string> ScrapeAsync() => _http.GetStringAsync(Metrics);

    public void Dispose()
    {
        _http.Dispose();
        _process.Dispose();
    }

    /// <summary>A port nobody listens on right now (the kernel's choice for port 0).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
