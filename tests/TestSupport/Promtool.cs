using System.Diagnostics;
using System.Text;

namespace NodeCollector.TestSupport;

/// <summary>Runs Prometheus' promtool (Debian package <c>prometheus</c>) as a real judge of what we produce.</summary>
internal static class Promtool
{
    public const string Tool = "promtool";
    public const string DebianPackage = "prometheus";

    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// <c>promtool check metrics</c> on <paramref name="exposition"/>: exit 0 and no output means it parsed as text
    /// 0.0.4 and passed the lint. promtool 2.x reads only text 0.0.4 here, not OpenMetrics.
    /// </summary>
    public static PromtoolResult CheckMetrics(ReadOnlySpan<byte> exposition, TimeSpan? timeout = null) =>
        Run(["check", "metrics"], exposition.ToArray(), timeout ?? DefaultTimeout);

    public static PromtoolResult Run(IReadOnlyList<string> arguments, byte[]? standardInput, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(ExternalTool.Require(Tool, DebianPackage))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // Output is drained by the handlers above, so writing a large input cannot deadlock on a full pipe.
        if (standardInput is not null)
        {
            process.StandardInput.BaseStream.Write(standardInput);
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"promtool {string.Join(' ', arguments)} did not finish within {timeout}");
        }

        // The parameterless wait also waits for the output handlers to see the end of both streams.
        process.WaitForExit();
        lock (output)
        {
            return new PromtoolResult(process.ExitCode, output.ToString());
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Append(line).Append('\n');
        }
    }
}
