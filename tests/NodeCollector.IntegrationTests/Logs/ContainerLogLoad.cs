using System.Globalization;
using HostMocks.Logs;

namespace NodeCollector.IntegrationTests.Logs;

/// <summary>
/// Kubelet-like CRI logs of many containers under one pods directory: lines written round-robin, every fifth to
/// stderr, every seventh longer than a chunk (so written as P chunks and an F chunk), each line unique and numbered
/// per stream; remembers per stream (by its Loki labels) the lines written, in order.
/// </summary>
internal sealed class ContainerLogLoad : IDisposable
{
    public const string Namespace = "e2e";
    public const string Container = "app";

    private readonly List<LogWriter> _writers = [];
    private readonly Dictionary<string, List<string>> _expected = new(StringComparer.Ordinal);
    private readonly string _node;
    private long _written;

    public ContainerLogLoad(string podsDir, int containers, string node, LogWriterOptions options)
    {
        _node = node;
        for (var i = 0; i < containers; i++)
        {
            var dir = Path.Combine(podsDir, $"{Namespace}_{PodName(i)}_uid-{i}", Container);
            _writers.Add(new LogWriter(dir, options));
        }
    }

    public long Written => Interlocked.Read(ref _written);

    public int Rotations => _writers.Sum(w => w.Rotations);

    /// <summary>Lines written per stream, keyed by <see cref="StreamKey"/>.</summary>
    public IReadOnlyDictionary<string, List<string>> Expected => _expected;

    public int Streams => _expected.Count;

    public static string PodName(int container) => "pod-" + container.ToString("D3", CultureInfo.InvariantCulture);

    /// <summary>The Loki labels NodeCollector gives a container's stream without Kubernetes, as a key.</summary>
    public string ExpectedKey(int container, string stream) => StreamKey(new Dictionary<string, string>
    {
        ["namespace"] = Namespace,
        ["pod"] = PodName(container),
        ["container"] = Container,
        ["node"] = _node,
        ["stream"] = stream,
        ["job"] = Namespace + "/" + Container,
    });

    public static string StreamKey(IEnumerable<KeyValuePair<string, string>> labels) =>
        string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value));

    /// <summary>Writes <paramref name="count"/> more lines, or until <paramref name="stop"/> is cancelled.</summary>
    public void Write(long count, CancellationToken stop = default)
    {
        for (var n = 0L; n < count && !stop.IsCancellationRequested; n++)
        {
            var seq = _written;
            var container = (int)(seq % _writers.Count);
            var round = seq / _writers.Count;
            var stream = round % 5 == 0 ? "stderr" : "stdout";
            var line = $"{PodName(container)} {stream} line {round} " + new string((char)('a' + (round % 26)), round % 7 == 0 ? 300 : (int)(round % 50));
            _writers[container].Write(stream, line);
            var key = ExpectedKey(container, stream);
            if (!_expected.TryGetValue(key, out var lines))
            {
                _expected[key] = lines = [];
            }

            lines.Add(line);
            Interlocked.Increment(ref _written);
        }
    }

    public void Dispose()
    {
        foreach (var writer in _writers)
        {
            writer.Dispose();
        }
    }
}
