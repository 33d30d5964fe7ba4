using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodeCollector.Config;

namespace NodeCollector.Host;

/// <summary>What a collector needs to know about the host: where its file systems are mounted, the options and the clock.</summary>
internal sealed class HostCollectorContext
{
    public HostCollectorContext(string procfs, string sysfs, string rootfs, HostMetricsOptions options, TimeProvider time, ILogger? logger = null)
    {
        Logger = logger ?? NullLogger.Instance;
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

    /// <summary>For collectors with state changes of their own to report (a stuck mount).</summary>
    public ILogger Logger { get; }

    /// <summary>A path under the host's <c>/proc</c>.</summary>
    public string Proc(params string[] parts) => Path.Combine([Procfs, .. parts]);

    /// <summary>
    /// A file of the host's network namespace: <c>/proc/1/net/…</c>, because <c>/proc/net</c> is the reading process's
    /// own namespace (the pod's, unless it runs with hostNetwork). Falls back to <c>/proc/net</c> only where the proc
    /// root has no <c>1/net</c> at all (a fixture tree).
    /// </summary>
    public string ProcNet(params string[] parts) =>
        Directory.Exists(Path.Combine(Procfs, "1", "net")) ? Path.Combine([Procfs, "1", "net", .. parts]) : Path.Combine([Procfs, "net", .. parts]);

    /// <summary>A path under the host's <c>/sys</c>.</summary>
    public string Sys(params string[] parts) => Path.Combine([Sysfs, .. parts]);

    /// <summary>A path under the host's <c>/</c>.</summary>
    public string Root(params string[] parts) => Path.Combine([Rootfs, .. parts]);

    /// <summary>The udev database (<c>/run/udev/data</c> on the host), for the disk labels node_exporter reads from it.</summary>
    public string UdevData => Options.UdevDataPath.Length > 0 ? Options.UdevDataPath : Root("run", "udev", "data");
}
