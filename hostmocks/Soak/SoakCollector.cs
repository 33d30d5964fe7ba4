using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mono.Unix.Native;

namespace HostMocks.Soak;

/// <summary>
/// The built collector (<c>nodecollector.dll</c> beside this assembly) run as a child process inside the
/// size-limited directory's namespace: started, SIGKILLed and started again, stopped with SIGTERM. Every second it
/// samples the process's resident memory (VmRSS of <c>/proc/&lt;pid&gt;/status</c>) and CPU time; both are kept
/// across restarts (peak RSS of any run, CPU seconds summed over runs).
/// </summary>
internal sealed partial class SoakCollector : IAsyncDisposable
{
    private const int KeptLogLines = 200;

    private readonly SizeLimitedDirectory _disk;
    private readonly string _configPath;
    private readonly ConcurrentQueue<string> _log = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly CancellationTokenSource _stop = new();
    private Process? _process;
    private Task _sampling = Task.CompletedTask;
    private double _cpuOfEndedRuns;
    private double _cpuOfThisRun;

    public SoakCollector(SizeLimitedDirectory disk, string configPath)
    {
        _disk = disk;
        _configPath = configPath;
    }

    public string BaseUrl { get; private set; } = "";

    public int Starts { get; private set; }

    public long PeakRssBytes { get; private set; }

    public double CpuSeconds => _cpuOfEndedRuns + _cpuOfThisRun;

    public async Task StartAsync()
    {
        var (fileName, args) = _disk.Wrap("dotnet", [Path.Combine(AppContext.BaseDirectory, "nodecollector.dll"), "--config", _configPath, "--log.format", "json"]);
        var info = new ProcessStartInfo(fileName) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = _process = Process.Start(info) ?? throw new InvalidOperationException("could not start the collector");
        string? address = null;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            Keep(e.Data);
            if (address is null && e.Data is not null && ListeningPattern().Match(e.Data) is { Success: true } match)
            {
                address = match.Groups[1].Value;
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (Volatile.Read(ref address) is null)
        {
            if (process.HasExited || clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new InvalidOperationException("the collector did not start listening\n" + RecentLog());
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        BaseUrl = address!;
        Starts++;
        _cpuOfThisRun = 0;
        _sampling = SampleAsync(process, _stop.Token);
    }

    /// <summary>SIGKILL: no shutdown code runs; WAL and positions stay as they are on disk.</summary>
    public async Task KillAsync() => await EndAsync(Signum.SIGKILL, TimeSpan.FromSeconds(10)).ConfigureAwait(false);

    /// <summary>SIGTERM; returns the exit code.</summary>
    public async Task<int> TerminateAsync() => await EndAsync(Signum.SIGTERM, TimeSpan.FromSeconds(30)).ConfigureAwait(false);

    /// <summary>The value of the first sample of <paramref name="family"/> on <c>/metrics</c>, or null.</summary>
    public async Task<double?> MetricAsync(string family)
    {
        var text = await _http.GetStringAsync(new Uri(BaseUrl + "/metrics")).ConfigureAwait(false);
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(family, StringComparison.Ordinal) && line.Length > family.Length && line[family.Length] is ' ' or '{')
            {
                return double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    /// <summary>The one endpoint's entry of <c>/api/v1/status/remote_write</c>.</summary>
    public async Task<JsonElement> RemoteWriteStatusAsync()
    {
        using var json = JsonDocument.Parse(await _http.GetStringAsync(new Uri(BaseUrl + "/api/v1/status/remote_write")).ConfigureAwait(false));
        return json.RootElement.GetProperty("endpoints")[0].Clone();
    }

    public Task<string> StatusPageAsync() => _http.GetStringAsync(new Uri(BaseUrl + "/"));

    public string RecentLog() => string.Join('\n', _log);

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            await EndAsync(Signum.SIGKILL, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _stop.Dispose();
        _http.Dispose();
    }

    private async Task<int> EndAsync(Signum signal, TimeSpan timeout)
    {
        var process = _process ?? throw new InvalidOperationException("the collector is not running");
        SampleOnce(process);
        Syscall.kill(process.Id, signal);
        using var deadline = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        await _sampling.ConfigureAwait(false);
        _cpuOfEndedRuns += _cpuOfThisRun;
        _cpuOfThisRun = 0;
        var code = process.ExitCode;
        process.Dispose();
        _process = null;
        return code;
    }

    private async Task SampleAsync(Process process, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (!process.HasExited && await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                SampleOnce(process);
            }
        }
        catch (OperationCanceledException)
        {
            // Disposing.
        }
    }

    private void SampleOnce(Process process)
    {
        try
        {
            PeakRssBytes = Math.Max(PeakRssBytes, ProcessUsage.StatusBytes(process.Id, "VmRSS"));
            _cpuOfThisRun = ProcessUsage.CpuTime(process.Id).TotalSeconds;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // Exited between the check and the read.
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _log.Enqueue(line);
        while (_log.Count > KeptLogLines && _log.TryDequeue(out _))
        {
        }
    }

    [GeneratedRegex(@"""address"":""(http://127\.0\.0\.1:\d+)""")]
    private static partial Regex ListeningPattern();
}
