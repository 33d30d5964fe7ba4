namespace NodeCollector.Benchmarks.Logs;

/// <summary>
/// <c>-- logs-e2e [--files 1,500] [--mb 256] [--collector path] [--env NAME=VALUE] [--buffer-size 16MiB] [--memory-limit 72MiB]</c>: container logs from CRI files
/// to a fake Loki through the collector process, once per file count (see <see cref="LogsE2eRun"/>). Exits 1 when a
/// line was lost, duplicated or reordered: a benchmark that loses lines has failed, whatever its speed.
/// </summary>
internal static class LogsE2eCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var settings = LogsE2eSettings.Parse(args);
        Console.WriteLine($"logs-e2e: collector {settings.Collector}{(settings.Environment.Count == 0 ? "" : " with " + string.Join(" ", settings.Environment))}"
            + (settings.BufferSize.Length > 0 ? ", loki.buffer_size " + settings.BufferSize : ""));
        var failed = false;
        foreach (var files in settings.Files)
        {
            Console.WriteLine($"logs-e2e: load average {LoadAverage()}");
            var result = await LogsE2eRun.RunAsync(settings, files);
            Console.WriteLine(result);
            failed |= result.Problems.Count > 0;
        }

        Console.WriteLine($"logs-e2e: load average {LoadAverage()}");
        return failed ? 1 : 0;
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Trim();
}
