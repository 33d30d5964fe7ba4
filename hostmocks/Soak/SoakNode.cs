using HostMocks.Kubelet;
using HostMocks.Kubernetes;
using HostMocks.Loki;
using HostMocks.Prometheus;

namespace HostMocks.Soak;

/// <summary>Everything the soak runs and injects faults into: the demo node's fakes, Prometheus, the disk and the collector.</summary>
internal sealed record SoakNode(
    FakeKubernetesApiServer Api,
    string TokenFile,
    FakeKubelet Kubelet,
    FakeLoki Loki,
    RealPrometheus Prometheus,
    SizeLimitedDirectory Disk,
    SoakCollector Collector,
    SoakLogLoad Logs,
    SoakChurn Churn);
