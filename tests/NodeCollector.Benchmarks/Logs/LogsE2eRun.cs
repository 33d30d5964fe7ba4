using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using HostMocks.Loki;
using HostMocks.Soak;
using NodeCollector.Benchmarks.Load;

namespace NodeCollector.Benchmarks.Logs;

/// <summary>
/// One end-to-end logs run: writes a <see cref="CriLogCorpus"/> beside an empty pods directory, starts a
/// <see cref="FakeLoki"/> (keeping only counts and digests per stream) and the collector process with logs and Loki on
/// and everything else off, waits until it listens, then moves the pod directories in at once and measures until the
/// fake has accepted every line: wall time, the collector's CPU time over that window and its peak resident memory.
/// Each stream's lines are then compared with what was written (count and order-sensitive digest).
/// </summary>
internal static partial class LogsE2eRun
{
    public static async Task<LogsE2eResult> RunAsync(LogsE2eSettings settings, int files)
    {
        var dir = Directory.CreateTempSubdirectory("nodecollector-logs-e2e-").FullName;
        using var cgroup = settings.MemoryLimitBytes > 0 ? LimitedCgroup(settings) : null;
        var stderr = new ConcurrentQueue<string>();
        Process? process = null;
        try
        {
            var staging = Path.Combine(dir, "staging");
            var pods = Directory.CreateDirectory(Path.Combine(dir, "pods")).FullName;
            var corpus = CriLogCorpus.Write(staging, files, (long)(settings.Megabytes * 1e6));
            var warmup = settings.WarmupMegabytes > 0
                ? CriLogCorpus.Write(Path.Combine(dir, "warmup"), WarmupPods, (long)(settings.WarmupMegabytes * 1e6), "warmup-")
                : null;
            await using var loki = await FakeLoki.StartAsync(new FakeLokiLimits { KeepEntries = false });
            var config = Path.Combine(dir, "collector.yaml");
            await File.WriteAllTextAsync(config, Config(dir, pods, loki.PushUrl, settings.BufferSize));

            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            List<string> command = [.. BenchProcess.Command(settings.Collector), "--config", config, "--log.format", "json"];
            process = BenchProcess.Start(cgroup is null ? command : cgroup.Wrap(command), settings.Environment, line =>
            {
                stderr.Enqueue(line);
                if (ListeningPattern().IsMatch(line))
                {
                    ready.TrySetResult();
                }
            });
            await Task.WhenAny(ready.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
            Ensure(ready.Task.IsCompleted, process, stderr, "the collector did not log its listen address within 60 s");
            await Task.Delay(TimeSpan.FromSeconds(1));

            var idleRss = ProcessUsage.StatusBytes(process.Id, "VmRSS");
            if (settings.MemoryMap)
            {
                Console.WriteLine("idle, before any pod:\n" + ResidentMemory.Describe(process.Id));
            }

            LogsE2eWarmup? warm = null;
            if (warmup is not null)
            {
                var warmCpu = ProcessUsage.CpuTime(process.Id);
                var warmClock = Stopwatch.StartNew();
                MoveIn(warmup, pods);
                await WaitForAllAsync(loki.Ingester, warmup.Lines, settings.Stall, process, stderr);
                warm = new LogsE2eWarmup(warmup.Bytes, warmClock.Elapsed, ProcessUsage.CpuTime(process.Id) - warmCpu);

                // The runtime re-compiles hot methods on a background thread shortly after they turn hot.
                await Task.Delay(TimeSpan.FromSeconds(2));
            }

            var cpuBefore = ProcessUsage.CpuTime(process.Id);
            var clock = Stopwatch.StartNew();
            MoveIn(corpus, pods);

            await WaitForAllAsync(loki.Ingester, corpus.Lines + (warmup?.Lines ?? 0), settings.Stall, process, stderr);
            var wall = clock.Elapsed;
            var cpu = ProcessUsage.CpuTime(process.Id) - cpuBefore;
            var peakRss = ProcessUsage.StatusBytes(process.Id, "VmHWM");
            if (settings.MemoryMap)
            {
                Console.WriteLine("at the end:\n" + ResidentMemory.Describe(process.Id));
            }

            var problems = Differences(loki.Ingester, warmup is null ? [corpus] : [corpus, warmup]);
            return new LogsE2eResult(files, corpus.Bytes, corpus.Lines, wall, cpu, idleRss, peakRss, loki.Requests.Count, problems)
            {
                Warmup = warm,
                Cgroup = cgroup is null ? null : new LogsE2eCgroup(cgroup.LimitBytes, cgroup.PeakBytes, cgroup.LimitHits, cgroup.OomKills),
            };
        }
        finally
        {
            if (process is not null)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                process.Dispose();
            }

            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// A cgroup of <see cref="LogsE2eSettings.MemoryLimitBytes"/>. A published collector's files are dropped from the page
    /// cache first so that its reads charge them to the cgroup, as a new pod's would; <c>dotnet x.dll</c> shares the
    /// framework's files with this process, whose pages stay charged here.
    /// </summary>
    private static MemoryCgroup LimitedCgroup(LogsE2eSettings settings)
    {
        if (BenchProcess.Command(settings.Collector).Count == 1)
        {
            MemoryCgroup.EvictPageCache(Path.GetDirectoryName(settings.Collector)!);
        }
        else
        {
            Console.WriteLine("logs-e2e: the collector runs on the shared framework, whose file pages are charged to this process, not to the cgroup: publish it (build/publish.sh) for a pod's figures");
        }

        return MemoryCgroup.Create(settings.MemoryLimitBytes);
    }

    /// <summary>Until the fake has taken <paramref name="lines"/> lines or rejected some; fails when nothing new arrives for <paramref name="stall"/>.</summary>
    private static async Task WaitForAllAsync(FakeLokiIngester ingester, long lines, TimeSpan stall, Process process, ConcurrentQueue<string> stderr)
    {
        var seen = -1L;
        var lastProgress = Stopwatch.StartNew();
        while (true)
        {
            var done = ingester.Accepted + ingester.Rejected + ingester.Duplicates;
            if (done >= lines || ingester.Rejected > 0)
            {
                return;
            }

            if (done != seen)
            {
                seen = done;
                lastProgress.Restart();
            }

            Ensure(!process.HasExited, process, stderr, "the collector exited");
            if (lastProgress.Elapsed > stall)
            {
                return;
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Ten pods: the discovery, tailing and batching code for several files turns hot, not only one file's.</summary>
    private const int WarmupPods = 10;

    private static void MoveIn(CriLogCorpus corpus, string pods)
    {
        foreach (var pod in corpus.PodDirectories)
        {
            Directory.Move(pod, Path.Combine(pods, Path.GetFileName(pod)));
        }
    }

    private static List<string> Differences(FakeLokiIngester ingester, IReadOnlyList<CriLogCorpus> corpora)
    {
        var written = corpora.SelectMany(c => c.Streams).ToDictionary(s => s.Key, s => s.Value);
        var problems = new List<string>();
        if (ingester.Rejected > 0 || ingester.Duplicates > 0)
        {
            problems.Add($"the fake Loki rejected {ingester.Rejected} entries and dropped {ingester.Duplicates} duplicates");
        }

        var received = ingester.Streams.ToDictionary(s => (s.LabelValues.GetValueOrDefault("pod", "?"), s.LabelValues.GetValueOrDefault("stream", "?")));
        problems.AddRange(received.Keys.Where(k => !written.ContainsKey(k)).Select(k => $"unexpected stream {k}"));
        foreach (var (key, sent) in written)
        {
            if (!received.TryGetValue(key, out var stream))
            {
                problems.Add($"{key}: nothing arrived of {sent.Lines} lines");
            }
            else if (stream.Count != sent.Lines || stream.Digest != sent.Digest)
            {
                problems.Add($"{key}: {stream.Count} lines arrived of {sent.Lines} written{(stream.Count == sent.Lines ? ", in another order or changed" : "")}");
            }
        }

        return problems;
    }

    private static void Ensure(bool condition, Process process, ConcurrentQueue<string> stderr, string problem)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"{problem} (exited: {process.HasExited}); its last log lines:\n" + string.Join("\n", stderr.TakeLast(30)));
        }
    }

    private static string Config(string dir, string pods, string pushUrl, string bufferSize) => BenchCollectorConfig.EverythingOff("bench-node") + $"""
        logs:
          enabled: true
          pods_dir: {pods}
          positions_file: {Path.Combine(dir, "state", "positions.json")}
        loki:
          url: {pushUrl}
          {(bufferSize.Length > 0 ? "buffer_size: " + bufferSize : "")}

        """;

    [GeneratedRegex(@"Listening on http://127\.0\.0\.1:\d+")]
    private static partial Regex ListeningPattern();
}
