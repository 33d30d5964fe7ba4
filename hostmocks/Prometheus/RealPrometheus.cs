using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Mono.Unix.Native;

namespace HostMocks.Prometheus;

/// <summary>
/// Debian's Prometheus as a real remote-write receiver, for the soak and the remote-write tests: on 127.0.0.1 with
/// a free port, its storage in a given directory, <c>--web.enable-remote-write-receiver</c>. It can be stopped
/// (SIGTERM) and started again on the same port and storage, as an outage; disposing kills it and, when it made the
/// directory, removes it.
/// </summary>
internal sealed class RealPrometheus : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _executable;
    private readonly string _dir;
    private readonly bool _ownsDir;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private Process? _process;

    private RealPrometheus(string executable, string dir, bool ownsDir, int port)
    {
        _executable = executable;
        _dir = dir;
        _ownsDir = ownsDir;
        Port = port;
    }

    public int Port { get; }

    public string BaseUrl => "http://127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    public string WriteUrl => BaseUrl + "/api/v1/write";

    /// <summary>Starts <paramref name="executable"/> with its storage under <paramref name="dir"/> (a new temporary directory, removed on dispose, when null).</summary>
    public static async Task<RealPrometheus> StartAsync(string executable = "prometheus", string? dir = null)
    {
        var ownsDir = dir is null;
        dir ??= Directory.CreateTempSubdirectory("nodecollector-prometheus-").FullName;
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "prometheus.yml"), "global:\n  evaluation_interval: 1m\n");
        var prometheus = new RealPrometheus(executable, dir, ownsDir, Soak.SoakRunner.FreePort());
        await prometheus.StartAgainAsync().ConfigureAwait(false);
        return prometheus;
    }

    /// <summary>Starts (again) on the same port and storage, and waits until it is ready.</summary>
    public async Task StartAgainAsync()
    {
        var info = new ProcessStartInfo(_executable) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
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

        var process = _process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {_executable}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (!await ReadyAsync().ConfigureAwait(false))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with {process.ExitCode} while starting");
            }

            if (clock.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"prometheus did not answer /-/ready within {StartTimeout.TotalSeconds:0} s");
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    /// <summary>Stops gracefully (SIGTERM) and waits for the exit.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            Syscall.kill(process.Id, Signum.SIGTERM);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
    }

    /// <summary>The raw samples of every series matching <paramref name="selector"/> over the last <paramref name="range"/>.</summary>
    public async Task<IReadOnlyList<PromSeries>> RawAsync(string selector, TimeSpan range)
    {
        var seconds = ((long)Math.Ceiling(range.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var result = await QueryAsync($"{selector}[{seconds}s]").ConfigureAwait(false);
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
                using var json = JsonDocument.Parse(await _http.GetStringAsync(url).ConfigureAwait(false));
                return json.RootElement.GetProperty("data").GetProperty("result").Clone();
            }
            catch (Exception e) when (attempt < 3 && e is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
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
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process?.Dispose();
        _http.Dispose();
        if (_ownsDir)
        {
            Directory.Delete(_dir, recursive: true);
        }
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
