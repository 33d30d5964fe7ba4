using System.Globalization;
using HostMocks.Logs;
using NodeCollector.Kubernetes.Api;

namespace HostMocks.Soak;

/// <summary>
/// The soak's container logs: a kubelet-like <see cref="LogWriter"/> per container of the demo pods, writing unique,
/// numbered lines (some to stderr, now and then one long enough to be split into partial chunks) at a steady rate,
/// rotating at a small size with every rotated file kept gzipped, so that a collector down for a while still finds
/// every line. Pending pods have no running container, so no logs. Remembers every line written; <see cref="RotationStorm"/> rotates every file several times at once.
/// </summary>
internal sealed class SoakLogLoad : IAsyncDisposable
{
    public const string Marker = "soak ";

    private readonly Lock _gate = new();
    private readonly List<(string Name, LogWriter Writer)> _writers = [];
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _sequence;

    private SoakLogLoad(string podsDir, IEnumerable<V1Pod> pods, int linesPerSecond)
    {
        foreach (var pod in pods.Where(p => p.Status?.Phase != "Pending"))
        {
            var podDir = Path.Combine(podsDir, $"{pod.Metadata!.Namespace}_{pod.Metadata.Name}_{pod.Metadata.Uid}");
            foreach (var container in pod.Spec?.Containers ?? [])
            {
                var dir = Path.Combine(podDir, container.Name!);
                // A container whose fixture files are there has restarted: its runtime writes the next file.
                var restart = Directory.Exists(dir) ? Directory.GetFiles(dir, "*.log").Length : 0;
                var options = new LogWriterOptions { MaxFileSize = 128 * 1024, MaxFiles = int.MaxValue, ChunkSize = 4096 };
                _writers.Add(($"{pod.Metadata.Namespace}/{pod.Metadata.Name}/{container.Name}", new LogWriter(dir, options, restart)));
            }
        }

        _loop = Task.Run(() => WriteAsync(linesPerSecond, _stop.Token));
    }

    public long Written
    {
        get
        {
            lock (_gate)
            {
                return _written.Count;
            }
        }
    }

    public int Rotations
    {
        get
        {
            lock (_gate)
            {
                return _writers.Sum(w => w.Writer.Rotations);
            }
        }
    }

    public static SoakLogLoad Start(string podsDir, IEnumerable<V1Pod> pods, int linesPerSecond) => new(podsDir, pods, linesPerSecond);

    /// <summary>Whether <paramref name="line"/> is one this load wrote (the demo's fixture logs are shipped too).</summary>
    public static bool IsOurs(string line) => line.StartsWith(Marker, StringComparison.Ordinal);

    /// <summary>A copy of every line written so far.</summary>
    public HashSet<string> WrittenLines()
    {
        lock (_gate)
        {
            return new HashSet<string>(_written, StringComparer.Ordinal);
        }
    }

    /// <summary>Rotates every container's file <paramref name="times"/> times in a row, a line between rotations.</summary>
    public void RotationStorm(int times)
    {
        lock (_gate)
        {
            for (var i = 0; i < times; i++)
            {
                foreach (var (name, writer) in _writers)
                {
                    WriteLine(name, writer, "storm");
                    writer.Rotate();
                }
            }
        }
    }

    /// <summary>Stops writing; the lines written stay known.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        foreach (var (_, writer) in _writers)
        {
            writer.Dispose();
        }

        _stop.Dispose();
    }

    private async Task WriteAsync(int linesPerSecond, CancellationToken cancellationToken)
    {
        const int TicksPerSecond = 10;
        var perTick = Math.Max(1, linesPerSecond / TicksPerSecond);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / TicksPerSecond));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                lock (_gate)
                {
                    for (var i = 0; i < perTick; i++)
                    {
                        var (name, writer) = _writers[(int)(_sequence % _writers.Count)];
                        WriteLine(name, writer, "steady");
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private void WriteLine(string name, LogWriter writer, string kind)
    {
        var n = _sequence++;
        var stream = n % 5 == 0 ? "stderr" : "stdout";
        var padding = n % 101 == 0 ? new string('p', 9000) : new string((char)('a' + (n % 26)), (int)(n % 60));
        var line = string.Create(CultureInfo.InvariantCulture, $"{Marker}{name} {stream} {kind} seq={n} {padding}");
        writer.Write(stream, line);
        _written.Add(line);
    }
}
