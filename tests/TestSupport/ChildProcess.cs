using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace NodeCollector.TestSupport;

/// <summary>
/// A program the tests start and talk to: its output lines are collected as they come, tests wait for a line
/// by polling with a deadline, and disposing kills whatever is still running.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private ChildProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public IReadOnlyList<string> StdoutLines => [.. _stdout];

    public IReadOnlyList<string> StderrLines => [.. _stderr];

    /// <summary>Starts <c>dotnet <paramref name="assemblyPath"/> args</c>.</summary>
    public static ChildProcess StartDotnet(string assemblyPath, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null) =>
        Start("dotnet", [assemblyPath, .. args], environment);

    /// <summary>Starts any program (a real peer such as node_exporter) with its output collected.</summary>
    public static ChildProcess Start(string fileName, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { child._stdout.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { child._stderr.Enqueue(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for a stdout line matching <paramref name="pattern"/>; returns the match, or fails with the output so far.</summary>
    public async Task<Match> WaitForStdoutAsync(string pattern, TimeSpan timeout)
    {
        var regex = new Regex(pattern);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            foreach (var line in _stdout)
            {
                if (regex.Match(line) is { Success: true } match)
                {
                    return match;
                }
            }

            if (_process.HasExited)
            {
                break;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"no stdout line matched /{pattern}/ within {timeout}; exited={_process.HasExited}\n{Describe()}");
    }

    /// <summary>Waits for the process to exit; returns false when it is still running at the deadline.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public string Describe() =>
        "stdout:\n  " + string.Join("\n  ", _stdout) + "\nstderr:\n  " + string.Join("\n  ", _stderr);

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }
}
