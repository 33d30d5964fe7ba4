using NodeCollector.Kubernetes;
using NodeCollector.Kubernetes.Api;

namespace NodeCollector.Tests.Kubernetes;

public sealed class NodeInfoFactoryTests
{
    [Fact]
    public void Node_labels_follow_prometheus_node_role()
    {
        var node = new V1Node
        {
            Metadata = new V1ObjectMeta
            {
                Name = "k3s-agent-1",
                ResourceVersion = "7",
                Labels = new Dictionary<string, string> { ["kubernetes.io/arch"] = "amd64" },
                Annotations = new Dictionary<string, string> { ["k3s.io/node-args"] = "[]" },
            },
            Spec = new V1NodeSpec { ProviderId = "k3s://k3s-agent-1" },
            Status = new V1NodeStatus
            {
                Addresses =
                [
                    new V1NodeAddress { Type = "Hostname", Address = "k3s-agent-1" },
                    new V1NodeAddress { Type = "InternalIP", Address = "192.168.1.20" },
                    new V1NodeAddress { Type = "InternalIP", Address = "192.168.1.21" },
                ],
                DaemonEndpoints = new V1NodeDaemonEndpoints { KubeletEndpoint = new V1DaemonEndpoint { Port = 10250 } },
            },
        };

        var info = NodeInfoFactory.Create(node);

        Assert.Equal("192.168.1.20", info.InternalIP);
        Assert.Equal(10250, info.KubeletPort);
        Assert.Equal(
            [
                "__meta_kubernetes_node_annotation_k3s_io_node_args=[]",
                "__meta_kubernetes_node_annotationpresent_k3s_io_node_args=true",
                "__meta_kubernetes_node_label_kubernetes_io_arch=amd64",
                "__meta_kubernetes_node_labelpresent_kubernetes_io_arch=true",
                "__meta_kubernetes_node_name=k3s-agent-1",
            ],
            info.MetadataLabels.Select(l => l.Name + "=" + l.Value));
        Assert.Equal(
            [
                "__address__=192.168.1.20:10250",
                "__meta_kubernetes_node_address_Hostname=k3s-agent-1",
                "__meta_kubernetes_node_address_InternalIP=192.168.1.20",
                "__meta_kubernetes_node_annotation_k3s_io_node_args=[]",
                "__meta_kubernetes_node_annotationpresent_k3s_io_node_args=true",
                "__meta_kubernetes_node_label_kubernetes_io_arch=amd64",
                "__meta_kubernetes_node_labelpresent_kubernetes_io_arch=true",
                "__meta_kubernetes_node_name=k3s-agent-1",
                "__meta_kubernetes_node_provider_id=k3s://k3s-agent-1",
                "instance=k3s-agent-1",
            ],
            info.TargetLabels.Select(l => l.Name + "=" + l.Value));
    }

    [Fact]
    public void Node_without_addresses_has_no_target()
    {
        var info = NodeInfoFactory.Create(new V1Node { Metadata = new V1ObjectMeta { Name = "n" } });
        Assert.Empty(info.TargetLabels);
        Assert.Equal("", info.InternalIP);
    }
}
