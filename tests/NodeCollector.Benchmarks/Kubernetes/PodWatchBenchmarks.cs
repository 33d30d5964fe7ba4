using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using NodeCollector.Kubernetes;
using NodeCollector.Kubernetes.Api;

namespace NodeCollector.Benchmarks.Kubernetes;

/// <summary>
/// The watcher's cost per pod event on a full node (110 pods, the kubelet's default maximum): reading the
/// line from the stream, deserializing it once, rebuilding the pod's info and Prometheus label sets, and
/// publishing a new snapshot to a subscriber. At 10 events per second the steady-state CPU share is
/// 10 × (time per event) per second of one core.
/// </summary>
[MemoryDiagnoser]
public class PodWatchBenchmarks
{
    private const int PodCount = 110;
    private const int Lines = 4096;

    private byte[][] _lines = [];
    private byte[][] _streams = [];
    private V1Pod[][] _relists = [];
    private NodeSnapshotStore _store = null!;
    private int _next;
    private long _seen;

    [GlobalSetup]
    public void Setup()
    {
        _store = new NodeSnapshotStore(NullLogger.Instance);
        _store.Subscribe(change => _seen += change.Pods.Length);
        _store.ReplacePods([.. Enumerable.Range(0, PodCount).Select(i => Pod(i, 1))], "1");
        _lines = [.. Enumerable.Range(0, Lines).Select(i => Line(Pod(i % PodCount, 10 + i)))];
        // Two rounds with different versions, alternated, so no event is skipped as already applied.
        _streams = [Stream(100_000), Stream(200_000)];
        _relists = [Relist(300_000), Relist(400_000)];
    }

    /// <summary>One MODIFIED event: parse the line, apply it, notify a subscriber.</summary>
    [Benchmark]
    public void ParseAndApplyOneEvent()
    {
        var line = _lines[_next++ & (Lines - 1)];
        WatchEventParser.TryParse(new ReadOnlySequence<byte>(line, 0, line.Length - 1), KubernetesJsonContext.Default.V1Pod, out var watchEvent, out _, out _);
        _store.ApplyPod(watchEvent!.Type, watchEvent.Object!);
    }

    /// <summary>A chunked body of 110 events through the pipe reader, line splitting included; reported per event.</summary>
    [Benchmark(OperationsPerInvoke = PodCount)]
    public async Task StreamedEvents()
    {
        // No writer backpressure: the whole body is written before reading starts.
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        await pipe.Writer.WriteAsync(_streams[_next++ & 1]);
        await pipe.Writer.CompleteAsync();
        await foreach (var watchEvent in WatchLineReader.ReadAsync(pipe.Reader, KubernetesJsonContext.Default.V1Pod, CancellationToken.None))
        {
            _store.ApplyPod(watchEvent.Type, watchEvent.Object!);
        }
    }

    /// <summary>A relist in which all 110 pods changed (after a 410): the worst case of recovery.</summary>
    [Benchmark]
    public void RelistOf110ChangedPods()
    {
        _store.ReplacePods(_relists[_next++ & 1], "r");
    }

    private static byte[] Stream(int firstVersion) => [.. Enumerable.Range(0, PodCount).SelectMany(i => Line(Pod(i, firstVersion + i)))];

    private static V1Pod[] Relist(int firstVersion) => [.. Enumerable.Range(0, PodCount).Select(i => Pod(i, firstVersion + i))];

    private static byte[] Line(V1Pod pod)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "MODIFIED");
            writer.WritePropertyName("object");
            JsonSerializer.Serialize(writer, pod, KubernetesJsonContext.Default.V1Pod);
            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A pod shaped like a typical Deployment pod: two containers, three ports, labels, annotations, statuses.</summary>
    private static V1Pod Pod(int index, int version)
    {
        var name = "app-" + index.ToString(CultureInfo.InvariantCulture) + "-6d9f7c8b5-qx2lm";
        var uid = "0f6b1c2e-3a4d-4e5f-8a9b-" + index.ToString("D12", CultureInfo.InvariantCulture);
        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Namespace = "team-" + (index % 7).ToString(CultureInfo.InvariantCulture),
                Uid = uid,
                ResourceVersion = version.ToString(CultureInfo.InvariantCulture),
                Labels = new Dictionary<string, string>
                {
                    ["app.kubernetes.io/name"] = "app-" + index.ToString(CultureInfo.InvariantCulture),
                    ["app.kubernetes.io/part-of"] = "shop",
                    ["app.kubernetes.io/version"] = "1.4.2",
                    ["pod-template-hash"] = "6d9f7c8b5",
                    ["tier"] = "backend",
                },
                Annotations = new Dictionary<string, string>
                {
                    ["prometheus.io/scrape"] = "true",
                    ["prometheus.io/port"] = "9102",
                    ["prometheus.io/path"] = "/metrics",
                    ["kubectl.kubernetes.io/restartedAt"] = "2024-01-01T12:00:00Z",
                },
                OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "app-6d9f7c8b5", Uid = uid, Controller = true }],
            },
            Spec = new V1PodSpec
            {
                NodeName = "node-1",
                Containers =
                [
                    new V1Container
                    {
                        Name = "app",
                        Image = "registry.example.com/shop/app:1.4.2",
                        Ports = [new V1ContainerPort { Name = "http", ContainerPort = 8080, Protocol = "TCP" }, new V1ContainerPort { Name = "metrics", ContainerPort = 9102, Protocol = "TCP" }],
                    },
                    new V1Container { Name = "sidecar", Image = "registry.example.com/tools/shipper:0.9", Ports = [new V1ContainerPort { ContainerPort = 15090, Protocol = "TCP" }] },
                ],
            },
            Status = new V1PodStatus
            {
                Phase = "Running",
                PodIP = "10.42.1." + (index + 2).ToString(CultureInfo.InvariantCulture),
                PodIPs = [new V1PodIP { Ip = "10.42.1." + (index + 2).ToString(CultureInfo.InvariantCulture) }],
                HostIP = "192.168.1.20",
                Conditions =
                [
                    new V1PodCondition { Type = "PodReadyToStartContainers", Status = "True" },
                    new V1PodCondition { Type = "Initialized", Status = "True" },
                    new V1PodCondition { Type = "Ready", Status = version % 2 == 0 ? "True" : "False" },
                    new V1PodCondition { Type = "ContainersReady", Status = "True" },
                    new V1PodCondition { Type = "PodScheduled", Status = "True" },
                ],
                ContainerStatuses =
                [
                    new V1ContainerStatus { Name = "app", ContainerId = "containerd://" + new string('a', 64), Ready = true, RestartCount = version % 3 },
                    new V1ContainerStatus { Name = "sidecar", ContainerId = "containerd://" + new string('b', 64), Ready = true },
                ],
            },
        };
    }
}
