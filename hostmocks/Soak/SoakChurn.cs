using System.Globalization;
using HostMocks.Kubernetes;
using NodeCollector.Kubernetes.Api;

namespace HostMocks.Soak;

/// <summary>
/// Pod churn on the fake API while the soak runs: a few times a second one of a fixed set of extra pods is added,
/// relabelled or deleted, some on another node (which this node's collector must not show). The demo's own pods are
/// left alone. <see cref="Change"/> is also what the 410 fault uses to make a change the stalled watch misses.
/// </summary>
internal sealed class SoakChurn : IAsyncDisposable
{
    public const string Namespace = "churn";
    private const int Pods = 24;

    private readonly FakeKubernetesApiServer _api;
    private readonly string _node;
    private readonly Random _random;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _changes;

    private SoakChurn(FakeKubernetesApiServer api, string node, int seed, TimeSpan every)
    {
        _api = api;
        _node = node;
        _random = new Random(seed);
        _loop = Task.Run(() => RunAsync(every, _stop.Token));
    }

    public int Changes => Volatile.Read(ref _changes);

    public static SoakChurn Start(FakeKubernetesApiServer api, string node, int seed, TimeSpan every) => new(api, node, seed, every);

    /// <summary>Adds, relabels or deletes one churn pod.</summary>
    public void Change()
    {
        lock (_gate)
        {
            var name = "churn-" + _random.Next(Pods).ToString("D2", CultureInfo.InvariantCulture);
            var generation = Interlocked.Increment(ref _changes).ToString(CultureInfo.InvariantCulture);
            if (!_api.Cluster.Pods.TryGetValue(Namespace + "/" + name, out var existing))
            {
                _api.AddPod(Pod(name, _random.Next(4) == 0 ? "another-node" : _node, generation));
            }
            else if (_random.Next(10) < 7)
            {
                _api.UpdatePod(Pod(name, existing.Spec!.NodeName!, generation));
            }
            else
            {
                _api.DeletePod(Namespace, name);
            }
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync(TimeSpan every, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(every);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                Change();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private static V1Pod Pod(string name, string node, string generation) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Namespace = Namespace,
            Name = name,
            Labels = new Dictionary<string, string> { ["app"] = name, ["generation"] = generation },
        },
        Spec = new V1PodSpec { NodeName = node, Containers = [new V1Container { Name = "main", Image = "example/churn:" + generation }] },
        Status = new V1PodStatus
        {
            Phase = "Running",
            PodIP = "10.9.0." + (int.Parse(name.AsSpan("churn-".Length), CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture),
            Conditions = [new V1PodCondition { Type = "Ready", Status = "True" }],
        },
    };
}
