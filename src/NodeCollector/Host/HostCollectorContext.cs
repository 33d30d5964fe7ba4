using NodeCollector.Config;

namespace NodeCollector.Host;

/// <summary>What a collector needs to know about the host: where its file systems are mounted, the options and the clock.</summary>
internal sealed class HostCollectorContext
{
    public HostCollectorContext(string procfs, string sysfs, string rootfs, HostMetricsOptions options, TimeProvider time)
    {
        Procfs = procfs;
        Sysfs = sysfs;
        Rootfs = rootfs;
        Options = options;
        Time = time;
    }

    public string Procfs { get; }

    public string Sysfs { get; }

    public string Rootfs { get; }

    public HostMetricsOptions Options { get; }

    public TimeProvider Time { get; }

    /// <summary>A path under the host's <c>/proc</c>.</summary>
    public string Proc(params string[] parts) => Path.Combine([Procfs, .. parts]);

    /// <summary>A path under the host's <c>/sys</c>.</summary>
    public string Sys(params string[] parts) => Path.Combine([Sysfs, .. parts]);

    /// <summary>A path under the host's <c>/</c>.</summary>
    public string Root(params string[] parts) => Path.Combine([Rootfs, .. parts]);

    /// <summary>The udev database (<c>/run/udev/data</c> on the host), for the disk labels node_exporter reads from it.</summary>
    public string UdevData => Options.UdevDataPath.Length > 0 ? Options.UdevDataPath : Root("run", "udev", "data");
}
