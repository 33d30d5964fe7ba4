using Mono.Unix.Native;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Host;

/// <summary>
/// uname on our composed kernel files (hostmocks/ParityNode/proc/sys/kernel; node_exporter's fixture run leaves uname
/// out): node_exporter's name, HELP and labels, the fields from the proc files and the machine from uname(2).
/// </summary>
public class UnameCollectorTests
{
    [FixtureFact("node_exporter/e2e-output.txt")]
    public void Uname_reports_the_kernel_files_with_node_exporters_labels()
    {
        Assert.Equal(0, Syscall.uname(out var uname));
        var families = Exposition.Parse(Exposition.Render(HostTestContext.Source(HostTestContext.For(FixtureTree.Root), ["uname"])));

        Assert.Equal(
            "# HELP node_uname_info Labeled system information as provided by the uname system call.\n# TYPE node_uname_info gauge\n" +
            $"node_uname_info{{domainname=\"(none)\",machine=\"{uname.machine}\",nodename=\"k3s-agent-1\",release=\"6.1.0-27-amd64\",sysname=\"Linux\",version=\"#1 SMP PREEMPT_DYNAMIC Debian 6.1.115-1 (2024-11-01)\"}} 1\n",
            families["node_uname_info"].Text);
    }
}
