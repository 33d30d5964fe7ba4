using System.Diagnostics;

namespace NodeCollector.Benchmarks.Load;

/// <summary>Starts a collector process for a benchmark: its stdout dropped, each stderr line handed to a callback.</summary>
internal static class BenchProcess
{
    /// <summary>
    /// Starts <paramref name="command"/> (program and arguments) with <paramref name="environment"/> added
    /// (<c>NAME=VALUE</c> each).
    /// </summary>
    public static Process Start(IReadOnlyList<string> command, IEnumerable<string> environment, Action<string> stderrLine)
    {
        var info = new ProcessStartInfo(command[0]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in command.Skip(1))
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var variable in environment)
        {
            var equals = variable.IndexOf('=', StringComparison.Ordinal);
            info.Environment[variable[..equals]] = variable[(equals + 1)..];
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                stderrLine(line);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary><c>dotnet x.dll</c> for an assembly, the file itself for a published binary.</summary>
    public static List<string> Command(string collector) =>
        collector.EndsWith(".dll", StringComparison.Ordinal) ? ["dotnet", collector] : [collector];
}
