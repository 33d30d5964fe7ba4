using System.Globalization;
using NodeCollector.Kubernetes.Api;

namespace HostMocks.Kubernetes;

/// <summary>
/// The demo node's pods: a Deployment pod with two containers whose log directory matches the
/// <c>shop-api</c> fixture logs, an annotated StatefulSet pod, a hostNetwork DaemonSet pod, a Pending Job
/// pod without IP and a bare pod. Pod IPs default to 127.0.0.1 so that the demo's target simulator can
/// serve their metrics on loopback ports.
/// </summary>
internal static class DemoPods
{
    public const string ShopApiUid = "0f6b1c2e-3a4d-4e5f-8a9b-0c1d2e3f4a5b";

    /// <summary>Adds the demo node and its pods to <paramref name="server"/>.</summary>
    public static void Seed(FakeKubernetesApiServer server, string nodeName, string podIP = "127.0.0.1", int shopMetricsPort = 9102, int exporterPort = 9187)
    {
        server.SetNode(Node(nodeName, podIP));
        foreach (var pod in Create(nodeName, podIP, shopMetricsPort, exporterPort))
        {
            server.AddPod(pod);
        }
    }

    public static V1Node Node(string nodeName, string internalIP = "127.0.0.1") => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = nodeName,
            Labels = new Dictionary<string, string>
            {
                ["kubernetes.io/hostname"] = nodeName,
                ["kubernetes.io/os"] = "linux",
                ["node-role.kubernetes.io/worker"] = "true",
            },
        },
        Spec = new V1NodeSpec { ProviderId = "k3s://" + nodeName },
        Status = new V1NodeStatus
        {
            Addresses = [new V1NodeAddress { Type = "InternalIP", Address = internalIP }, new V1NodeAddress { Type = "Hostname", Address = nodeName }],
            DaemonEndpoints = new V1NodeDaemonEndpoints { KubeletEndpoint = new V1DaemonEndpoint { Port = 10250 } },
        },
    };

    public static IReadOnlyList<V1Pod> Create(string nodeName, string podIP = "127.0.0.1", int shopMetricsPort = 9102, int exporterPort = 9187) =>
    [
        Pod("shop", "shop-api-6d9f7c8b5-qx2lm", ShopApiUid, nodeName, podIP, "ReplicaSet", "shop-api-6d9f7c8b5",
            Labels(("app.kubernetes.io/name", "shop-api"), ("pod-template-hash", "6d9f7c8b5")),
            Labels(("prometheus.io/scrape", "true"), ("prometheus.io/port", Port(shopMetricsPort)), ("prometheus.io/path", "/metrics")),
            Container("api", "registry.example.com/shop/api:1.4.2", ("http", 8080), ("metrics", shopMetricsPort)),
            Container("log-shipper", "registry.example.com/tools/shipper:0.9")),
        Pod("shop", "orders-db-0", "5a1e2d3c-4b5a-4968-8776-655443322110", nodeName, podIP, "StatefulSet", "orders-db",
            Labels(("app", "orders-db")),
            Labels(("prometheus.io/scrape", "true"), ("prometheus.io/port", Port(exporterPort))),
            Container("db", "docker.io/library/postgres:16", ("postgres", 5432)),
            Container("exporter", "quay.io/prometheuscommunity/postgres-exporter:v0.15.0", ("", exporterPort))),
        Pod("monitoring", "node-agent-7xk2p", "6b2f3e4d-5c6b-4a79-9887-766554433221", nodeName, podIP, "DaemonSet", "node-agent",
            Labels(("app", "node-agent")), Labels(), Container("agent", "registry.example.com/node-agent:2.0", ("metrics", 9100))),
        Pod("jobs", "batch-report-28391234-abcde", "7c3a4f5e-6d7c-4b8a-a998-877665544332", nodeName, null, "Job", "batch-report-28391234",
            Labels(("job-name", "batch-report-28391234")), Labels(), Container("report", "registry.example.com/report:3")),
        Pod("default", "debug-shell", "8d4b5a6f-7e8d-4c9b-baa9-988776655443", nodeName, podIP, null, null,
            Labels(("run", "debug-shell")), Labels(), Container("debug-shell", "docker.io/library/busybox:1.36")),
    ];

    private static V1Pod Pod(
        string @namespace, string name, string uid, string nodeName, string? podIP, string? ownerKind, string? ownerName,
        Dictionary<string, string> labels, Dictionary<string, string> annotations, params V1Container[] containers) => new()
        {
            Metadata = new V1ObjectMeta
            {
                Namespace = @namespace,
                Name = name,
                Uid = uid,
                Labels = labels,
                Annotations = annotations,
                OwnerReferences = ownerKind is null ? null : [new V1OwnerReference { ApiVersion = "apps/v1", Kind = ownerKind, Name = ownerName, Controller = true }],
            },
            Spec = new V1PodSpec { NodeName = nodeName, Containers = containers },
            Status = new V1PodStatus
            {
                Phase = podIP is null ? "Pending" : "Running",
                PodIP = podIP,
                PodIPs = podIP is null ? null : [new V1PodIP { Ip = podIP }],
                HostIP = podIP,
                Conditions = [new V1PodCondition { Type = "Ready", Status = podIP is null ? "False" : "True" }],
                ContainerStatuses = podIP is null ? null : containers.Select((c, i) => new V1ContainerStatus
                {
                    Name = c.Name,
                    ContainerId = "containerd://" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(uid + c.Name))).ToLowerInvariant(),
                    Ready = true,
                    RestartCount = i,
                }).ToList(),
            },
        };

    private static V1Container Container(string name, string image, params (string Name, int Port)[] ports) => new()
    {
        Name = name,
        Image = image,
        Ports = ports.Length == 0 ? null : ports.Select(p => new V1ContainerPort { Name = p.Name.Length == 0 ? null : p.Name, ContainerPort = p.Port, Protocol = "TCP" }).ToList(),
    };

    private static Dictionary<string, string> Labels(params (string Key, string Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
