using System.Globalization;
using NodeCollector.Kubernetes.Api;

namespace HostMocks.Logs;

/// <summary>
/// Live container logs for the demo node: a <see cref="LogWriter"/> per container of each pod writes a few
/// access-log-like lines a second (now and then one long enough to be split into partial chunks, some to stderr)
/// into the pod's log directory, rotating at 1 MiB like the kubelet.
/// </summary>
internal sealed class DemoLogWriters : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private DemoLogWriters(IReadOnlyList<LogWriter> writers) => _loop = RunAsync(writers, _stop.Token);

    public static DemoLogWriters Start(string podsDir, IEnumerable<V1Pod> pods)
    {
        var writers = new List<LogWriter>();
        foreach (var pod in pods)
        {
            var podDir = Path.Combine(podsDir, $"{pod.Metadata!.Namespace}_{pod.Metadata.Name}_{pod.Metadata.Uid}");
            foreach (var container in pod.Spec?.Containers ?? [])
            {
                var dir = Path.Combine(podDir, container.Name!);
                // A container whose fixture files are there has restarted: its runtime writes the next file.
                var restart = Directory.Exists(dir) ? Directory.GetFiles(dir, "*.log").Length : 0;
                writers.Add(new LogWriter(dir, new LogWriterOptions { MaxFileSize = 1024 * 1024, MaxFiles = 3 }, restart));
            }
        }

        return new DemoLogWriters(writers);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private static async Task RunAsync(IReadOnlyList<LogWriter> writers, CancellationToken cancellationToken)
    {
        var random = new Random(42);
        long request = 0;
        try
        {
            while (true)
            {
                foreach (var writer in writers)
                {
                    for (var i = random.Next(1, 4); i > 0; i--)
                    {
                        request++;
                        var status = random.Next(100) < 5 ? 500 : 200;
                        var line = string.Create(CultureInfo.InvariantCulture, $"method=GET path=/api/orders/{request % 1000} status={status} duration_ms={random.Next(1, 250)}");
                        if (request % 97 == 0)
                        {
                            line += " payload=" + new string('x', 40 * 1024);
                        }

                        writer.Write(status == 500 ? "stderr" : "stdout", line);
                    }
                }

                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            foreach (var writer in writers)
            {
                writer.Dispose();
            }
        }
    }
}
