using NodeCollector.Host;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Host;

/// <summary>
/// The collector runs in the pod's own network and mount namespaces; what it reports must be the host's. A proc tree
/// where the pod's view (<c>net/dev</c>, <c>self/mountinfo</c>) differs from the host's PID 1 view shows which one is used.
/// </summary>
public sealed class HostNamespaceTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nodecollector-ns-").FullName;

    public HostNamespaceTests()
    {
        // The pod's view: its own eth0 and its overlay root.
        Write("proc/net/dev", NetDev("eth0: 100 1 0 0 0 0 0 0 200 2 0 0 0 0 0 0", "lo: 5 1 0 0 0 0 0 0 5 1 0 0 0 0 0 0"));
        Write("proc/self/mountinfo", "1 0 0:50 / / rw,relatime - overlay overlay rw\n2 1 0:51 / /data rw - ext4 /dev/pod-volume rw\n");

        // The host's view through PID 1.
        Write("proc/1/net/dev", NetDev("eth0: 9874561230 8123456 0 12 0 0 0 2048 1234567890 5432109 0 0 0 0 0 0", "cni0: 345678901 456789 0 0 0 0 0 0 567890123 498765 0 0 0 0 0 0", "flannel.1: 23456789 98765 0 0 0 0 0 0 34567890 87654 0 21 0 0 0 0"));
        Write("proc/1/mountinfo", "21 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw\n27 21 259:3 / /var/lib/rancher rw,relatime shared:31 - ext4 /dev/nvme0n1p3 rw\n");
        Directory.CreateDirectory(Path.Combine(_root, "var", "lib", "rancher"));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Netdev_reports_the_hosts_interfaces_from_pid_1()
    {
        var families = Collect("netdev");

        Assert.Equal(
            ["node_network_receive_bytes_total{device=\"cni0\"} 3.45678901e+08", "node_network_receive_bytes_total{device=\"eth0\"} 9.87456123e+09", "node_network_receive_bytes_total{device=\"flannel.1\"} 2.3456789e+07"],
            families["node_network_receive_bytes_total"].Samples.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Filesystem_reports_the_hosts_mounts_from_pid_1()
    {
        var families = Collect("filesystem");

        Assert.Equal(
            ["node_filesystem_mount_info{device=\"/dev/nvme0n1p2\",major=\"259\",minor=\"2\",mountpoint=\"/\"} 1", "node_filesystem_mount_info{device=\"/dev/nvme0n1p3\",major=\"259\",minor=\"3\",mountpoint=\"/var/lib/rancher\"} 1"],
            families["node_filesystem_mount_info"].Samples.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(families["node_filesystem_device_error"].Samples, s => s.Contains("overlay", StringComparison.Ordinal) || s.Contains("/data", StringComparison.Ordinal));
    }

    private Dictionary<string, ExpositionFamily> Collect(string collector)
    {
        var context = HostTestContext.For(_root);
        return Exposition.Parse(Exposition.Render(HostTestContext.Source(context, [collector])));
    }

    private static string NetDev(params string[] interfaces) =>
        "Inter-|   Receive                                                |  Transmit\n" +
        " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n" +
        string.Concat(interfaces.Select(i => "  " + i + "\n"));

    private void Write(string relative, string content)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
