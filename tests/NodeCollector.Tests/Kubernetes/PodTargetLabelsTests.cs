using NodeCollector.Kubernetes;
using NodeCollector.Kubernetes.Api;

namespace NodeCollector.Tests.Kubernetes;

public sealed class PodTargetLabelsTests
{
    [Fact]
    public void Pod_without_IP_has_no_targets()
    {
        var pod = Pod(podIP: null);
        Assert.Empty(PodTargetLabels.Build(pod));
    }

    [Theory]
    [InlineData("10.0.0.1", 8080, "10.0.0.1:8080")]
    [InlineData("fd00::1", 8080, "[fd00::1]:8080")]
    public void Address_joins_host_and_port_like_go(string ip, int port, string expected)
    {
        var pod = Pod(ip, new V1Container { Name = "c", Ports = [new V1ContainerPort { ContainerPort = port, Protocol = "TCP" }] });
        Assert.Equal(expected, Value(PodTargetLabels.Build(pod)[0], "__address__"));
    }

    [Fact]
    public void Container_without_ports_targets_the_bare_pod_IP()
    {
        var pod = Pod("fd00::1", new V1Container { Name = "c" });
        var target = Assert.Single(PodTargetLabels.Build(pod));
        Assert.Equal("fd00::1", Value(target, "__address__"));
        Assert.Null(Value(target, "__meta_kubernetes_pod_container_port_number"));
    }

    [Theory]
    [InlineData(null, "unknown")]
    [InlineData("True", "true")]
    [InlineData("False", "false")]
    [InlineData("Unknown", "unknown")]
    public void Ready_is_the_lower_cased_Ready_condition(string? status, string expected)
    {
        var pod = Pod("10.0.0.1", new V1Container { Name = "c" });
        pod = new V1Pod
        {
            Metadata = pod.Metadata,
            Spec = pod.Spec,
            Status = new V1PodStatus
            {
                PodIP = "10.0.0.1",
                Conditions = status is null ? [new V1PodCondition { Type = "Initialized", Status = "True" }] : [new V1PodCondition { Type = "Ready", Status = status }],
            },
        };
        Assert.Equal(expected, Value(PodTargetLabels.Build(pod)[0], "__meta_kubernetes_pod_ready"));
    }

    [Fact]
    public void Controller_is_the_owner_marked_controller()
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = "p",
                Namespace = "n",
                OwnerReferences =
                [
                    new V1OwnerReference { Kind = "ConfigMap", Name = "not-me" },
                    new V1OwnerReference { Kind = "ReplicaSet", Name = "rs-1", Controller = true },
                ],
            },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "c" }] },
            Status = new V1PodStatus { PodIP = "10.0.0.1" },
        };
        var target = PodTargetLabels.Build(pod)[0];
        Assert.Equal("ReplicaSet", Value(target, "__meta_kubernetes_pod_controller_kind"));
        Assert.Equal("rs-1", Value(target, "__meta_kubernetes_pod_controller_name"));
    }

    [Fact]
    public void Labels_are_sorted_unique_and_never_empty()
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = "p",
                Namespace = "n",
                Labels = new Dictionary<string, string> { ["a.b"] = "dot", ["a_b"] = "underscore", ["empty"] = "" },
            },
            Spec = new V1PodSpec
            {
                Containers = [new V1Container { Name = "c" }],
                InitContainers = [new V1Container { Name = "i", Ports = [new V1ContainerPort { ContainerPort = 1 }] }],
            },
            Status = new V1PodStatus { PodIP = "10.0.0.1" },
        };
        var targets = PodTargetLabels.Build(pod);
        Assert.Equal(2, targets.Length);
        Assert.Equal("true", Value(targets[1], "__meta_kubernetes_pod_container_init"));
        foreach (var target in targets)
        {
            for (var i = 1; i < target.Length; i++)
            {
                Assert.True(string.CompareOrdinal(target[i - 1].Name, target[i].Name) < 0, target[i].Name);
            }

            Assert.DoesNotContain(target, l => l.Value.Length == 0);
            Assert.Equal("true", Value(target, "__meta_kubernetes_pod_labelpresent_a_b"));
            Assert.Equal("underscore", Value(target, "__meta_kubernetes_pod_label_a_b"));
        }
    }

    private static V1Pod Pod(string? podIP, params V1Container[] containers) => new()
    {
        Metadata = new V1ObjectMeta { Name = "p", Namespace = "n", Uid = "u" },
        Spec = new V1PodSpec { NodeName = "node-1", Containers = containers },
        Status = new V1PodStatus { PodIP = podIP, Phase = "Running" },
    };

    private static string? Value(IEnumerable<NodeCollector.Labels.Label> labels, string name) =>
        labels.Where(l => l.Name == name).Select(l => l.Value).FirstOrDefault();
}
