using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Host;

/// <summary>selinux on composed trees (node_exporter's fixture run leaves it out): disabled, and enabled in enforcing mode.</summary>
public sealed class SelinuxCollectorTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nodecollector-selinux-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Without_selinuxfs_it_reports_disabled()
    {
        var families = Collect();

        Assert.Equal("# HELP node_selinux_enabled SELinux is enabled, 1 is true, 0 is false\n# TYPE node_selinux_enabled gauge\nnode_selinux_enabled 0\n", families["node_selinux_enabled"].Text);
        Assert.False(families.ContainsKey("node_selinux_current_mode"));
    }

    [Fact]
    public void With_selinuxfs_it_reports_the_configured_and_current_modes()
    {
        Directory.CreateDirectory(Path.Combine(_root, "sys", "fs", "selinux"));
        File.WriteAllText(Path.Combine(_root, "sys", "fs", "selinux", "enforce"), "0");
        Directory.CreateDirectory(Path.Combine(_root, "etc", "selinux"));
        File.WriteAllText(Path.Combine(_root, "etc", "selinux", "config"), "# comment\nSELINUX=enforcing\nSELINUXTYPE=targeted\n");

        var families = Collect();

        Assert.Equal(["node_selinux_enabled 1"], families["node_selinux_enabled"].Samples);
        Assert.Equal(["node_selinux_config_mode 1"], families["node_selinux_config_mode"].Samples);
        Assert.Equal(["node_selinux_current_mode 0"], families["node_selinux_current_mode"].Samples);
    }

    private Dictionary<string, ExpositionFamily> Collect() =>
        Exposition.Parse(Exposition.Render(HostTestContext.Source(HostTestContext.For(_root), ["selinux"])));
}
