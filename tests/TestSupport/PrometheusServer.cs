using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace NodeCollector.TestSupport;

/// <summary>
/// Debian's Prometheus as a real remote-write receiver: on 127.0.0.1 with a free port, a temporary storage directory
/// and <c>--web.enable-remote-write-receiver</c>. It can be stopped and started again on the same port and storage
/// (the outage tests); disposing kills it and removes the storage.
/// </summary>
internal sealed class PrometheusServer : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _dir;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private Process? _process;

    private PrometheusServer(string dir, int port)
    {
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public string WriteUrl => BaseUrl + "/api/v1/write";

    public static async Task<PrometheusServer> StartAsync()
    {
        var dir = Directory.CreateTempSubdirectory("nodecollector-prometheus-").FullName;
        File.WriteAllText(Path.Combine(dir, "prometheus.yml"), "global:\n  evaluation_interval: 1m\n");
        var server = new PrometheusServer(dir, FreePort());
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts (again) on the same port and storage, and waits until it is ready.</summary>
    public async Task StartAgainAsync()
    {
        var info = new ProcessStartInfo(ExternalTool.Require("prometheus", "prometheus"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--config.file=" + Path.Combine(_dir, "prometheus.yml"),
            "--storage.tsdb.path=" + Path.Combine(_dir, "data"),
            "--web.listen-address=127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture),
            "--web.enable-remote-write-receiver",
            "--log.level=warn",
        })
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var process = _process;
        await Poll.UntilAsync(
            async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"prometheus exited with {process.ExitCode} while starting");
                }

                try
                {
                    return (await _http.GetAsync(new Uri(BaseUrl + "/-/ready"))).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            StartTimeout,
            "prometheus answering /-/ready");
    }

    /// <summary>Stops gracefully (SIGTERM) and waits for the exit.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            PosixSignal.Send(process.Id, PosixSignal.SigTerm);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
        }
    }

    /// <summary>The raw samples of every series matching <paramref name="selector"/> over the last <paramref name="range"/>.</summary>
    public async Task<IReadOnlyList<PromSeries>> RawAsync(string selector, TimeSpan range)
    {
        var seconds = ((int)range.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        var result = await QueryAsync($"{selector}[{seconds}s]");
        var series = new List<PromSeries>();
        foreach (var item in result.EnumerateArray())
        {
            var labels = item.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
            var samples = item.GetProperty("values").EnumerateArray()
                .Select(v => ((long)Math.Round(v[0].GetDouble() * 1000), double.Parse(v[1].GetString()!, CultureInfo.InvariantCulture)))
                .ToList();
            series.Add(new PromSeries(labels, samples));
        }

        return series;
    }

    /// <summary>An instant query; returns <c>data.result</c>. A busy machine gets three tries.</summary>
    public async Task<JsonElement> QueryAsync(string query)
    {
        var url = new Uri($"{BaseUrl}/api/v1/query?query={Uri.EscapeDataString(query)}");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var json = JsonDocument.Parse(await _http.GetStringAsync(url));
                return json.RootElement.GetProperty("data").GetProperty("result").Clone();
            }
            catch (Exception e) when (attempt < 3 && e is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    public void Dispose()
    {
        try
        {
            if (_process is { HasExited: false })
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process?.Dispose();
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>One series from a Prometheus range-vector query: its labels and raw (timestamp ms, value) samples.</summary>
internal sealed record PromSeries(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<(long TimestampMs, double Value)> Samples);
