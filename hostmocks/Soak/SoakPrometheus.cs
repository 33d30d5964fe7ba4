using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Mono.Unix.Native;

namespace HostMocks.Soak;

/// <summary>
/// Debian's Prometheus as the soak's remote-write receiver: 127.0.0.1 on a free port, storage under the soak's
/// directory, <c>--web.enable-remote-write-receiver</c>; stopped (SIGTERM) and started again on the same port and
/// storage as a fault; asked for raw samples at the end.
/// </summary>
internal sealed class SoakPrometheus : IDisposable
{
    private readonly string _dir;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private Process? _process;

    private SoakPrometheus(string dir, int port)
    {
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    public string BaseUrl => "http://127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    public string WriteUrl => BaseUrl + "/api/v1/write";

    public static async Task<SoakPrometheus> StartAsync(string dir)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "prometheus.yml"), "global:\n  evaluation_interval: 1m\n");
        var prometheus = new SoakPrometheus(dir, SoakRunner.FreePort());
        await prometheus.StartAgainAsync().ConfigureAwait(false);
        return prometheus;
    }

    public async Task StartAgainAsync()
    {
        var info = new ProcessStartInfo("prometheus") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
        {
            "--config.file=" + Path.Combine(_dir, "prometheus.yml"),
            "--storage.tsdb.path=" + Path.Combine(_dir, "data"),
            "--storage.tsdb.retention.time=2d",
            "--web.listen-address=127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture),
            "--web.enable-remote-write-receiver",
            "--log.level=warn",
        })
        {
            info.ArgumentList.Add(arg);
        }

        var process = _process = Process.Start(info) ?? throw new InvalidOperationException("could not start prometheus");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (!await ReadyAsync().ConfigureAwait(false))
        {
            if (process.HasExited || clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new InvalidOperationException("prometheus did not become ready" + (process.HasExited ? $" (exited with {process.ExitCode})" : ""));
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            Syscall.kill(process.Id, Signum.SIGTERM);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
    }

    /// <summary>Raw samples (timestamp ms, value) of every series matching <paramref name="selector"/> over the last <paramref name="range"/>, with their labels.</summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<(long TimestampMs, double Value)> Samples)>> RawAsync(string selector, TimeSpan range)
    {
        var query = $"{selector}[{((long)Math.Ceiling(range.TotalSeconds)).ToString(CultureInfo.InvariantCulture)}s]";
        using var json = JsonDocument.Parse(await _http.GetStringAsync(new Uri($"{BaseUrl}/api/v1/query?query={Uri.EscapeDataString(query)}")).ConfigureAwait(false));
        var result = new List<(IReadOnlyDictionary<string, string>, IReadOnlyList<(long, double)>)>();
        foreach (var item in json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
        {
            var labels = item.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
            var samples = item.GetProperty("values").EnumerateArray()
                .Select(v => ((long)Math.Round(v[0].GetDouble() * 1000), double.Parse(v[1].GetString()!, CultureInfo.InvariantCulture)))
                .ToList();
            result.Add((labels, samples));
        }

        return result;
    }

    public void Dispose()
    {
        try
        {
            _process?.Kill(entireProcessTree: true);
            _process?.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process?.Dispose();
        _http.Dispose();
    }

    private async Task<bool> ReadyAsync()
    {
        try
        {
            using var response = await _http.GetAsync(new Uri(BaseUrl + "/-/ready")).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
