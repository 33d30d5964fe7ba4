using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using NodeCollector.Kubernetes.Api;

namespace NodeCollector.Tests.Kubernetes;

/// <summary>
/// An in-memory <see cref="IKubernetesApi"/> whose answers a test queues: list results or errors, and watch
/// streams whose events the test pushes and ends as it likes. Records the versions watches started from.
/// </summary>
internal sealed class ScriptedKubernetesApi : IKubernetesApi
{
    private readonly ConcurrentQueue<Func<V1PodList>> _lists = new();
    private readonly ConcurrentQueue<Func<ScriptedWatch>> _watches = new();

    public ConcurrentQueue<string> WatchedFrom { get; } = new();

    public int ListCalls;

    public void EnqueueList(string resourceVersion, params V1Pod[] pods) =>
        _lists.Enqueue(() => new V1PodList { Metadata = new V1ListMeta { ResourceVersion = resourceVersion }, Items = pods });

    public void EnqueueListPage(string resourceVersion, string? continueToken, params V1Pod[] pods) =>
        _lists.Enqueue(() => new V1PodList { Metadata = new V1ListMeta { ResourceVersion = resourceVersion, Continue = continueToken }, Items = pods });

    public void EnqueueListError(Exception error) => _lists.Enqueue(() => throw error);

    public ScriptedWatch EnqueueWatch()
    {
        var watch = new ScriptedWatch();
        _watches.Enqueue(() => watch);
        return watch;
    }

    public Task<V1PodList> ListPodsAsync(string nodeName, int limit, string? continueToken, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref ListCalls);
        return _lists.TryDequeue(out var next)
            ? Task.FromResult(next())
            : Task.FromException<V1PodList>(new HttpRequestException("no scripted list"));
    }

    public async Task<IWatchStream<V1Pod>> WatchPodsAsync(string nodeName, string resourceVersion, TimeSpan timeout, CancellationToken cancellationToken)
    {
        WatchedFrom.Enqueue(resourceVersion);
        if (_watches.TryDequeue(out var next))
        {
            return next();
        }

        // Nothing scripted: behave like a quiet server until cancelled.
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new OperationCanceledException(cancellationToken);
    }

    public Task<V1NodeList> ReadNodeAsync(string nodeName, CancellationToken cancellationToken) =>
        throw new NotSupportedException("node watching is off in these tests");

    public Task<IWatchStream<V1Node>> WatchNodeAsync(string nodeName, string resourceVersion, TimeSpan timeout, CancellationToken cancellationToken) =>
        throw new NotSupportedException("node watching is off in these tests");

    public static V1Pod Pod(string name, string resourceVersion, string? podIP = "10.0.0.1") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Namespace = "default", Uid = "uid-" + name, ResourceVersion = resourceVersion },
        Spec = new V1PodSpec { NodeName = "node-1", Containers = [new V1Container { Name = "c", Image = "i" }] },
        Status = new V1PodStatus { PodIP = podIP, Phase = "Running" },
    };

    public static V1Pod Bookmark(string resourceVersion) => new() { Metadata = new V1ObjectMeta { ResourceVersion = resourceVersion } };

    /// <summary>A watch stream the test feeds: <see cref="Send"/> events, then <see cref="End"/> or <see cref="Fail"/>.</summary>
    internal sealed class ScriptedWatch : IWatchStream<V1Pod>
    {
        private readonly Channel<Func<WatchEvent<V1Pod>>> _events = Channel.CreateUnbounded<Func<WatchEvent<V1Pod>>>();

        public ScriptedWatch Send(WatchEventType type, V1Pod pod)
        {
            _events.Writer.TryWrite(() => new WatchEvent<V1Pod>(type, pod, null));
            return this;
        }

        public ScriptedWatch SendError(int code, string reason)
        {
            _events.Writer.TryWrite(() => new WatchEvent<V1Pod>(WatchEventType.Error, null, new V1Status { Code = code, Reason = reason, Message = "scripted" }));
            return this;
        }

        public void End() => _events.Writer.TryComplete();

        public void Fail(Exception error) => _events.Writer.TryWrite(() => throw error);

        public async IAsyncEnumerable<WatchEvent<V1Pod>> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var next in _events.Reader.ReadAllAsync(cancellationToken))
            {
                yield return next();
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
