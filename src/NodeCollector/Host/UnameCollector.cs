using Mono.Unix.Native;
using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>uname</c>: the kernel's identity as <c>node_uname_info</c>. The fields are read from
/// <c>sys/kernel/{ostype,osrelease,version,hostname,domainname}</c> under the proc root, the machine from uname(2)
/// (it is not namespaced). Host name and domain name are per UTS namespace: they are the node's when the pod shares
/// the host's (the chart's hostNetwork does), the pod's otherwise.
/// </summary>
internal sealed class UnameCollector : IHostCollector
{
    private static readonly MetricFamily Info = new("node_uname_info", "Labeled system information as provided by the uname system call.", MetricType.Gauge);

    private readonly (string Label, string Path)[] _files;
    private readonly FileBuffer _file = new(256);
    private readonly LabelValueCache _values = new();
    private readonly Label[] _labels = new Label[6];
    private readonly string _machine;

    public UnameCollector(HostCollectorContext context)
    {
        string Kernel(string name) => context.Proc("sys", "kernel", name);
        _files = [("domainname", Kernel("domainname")), ("nodename", Kernel("hostname")), ("release", Kernel("osrelease")), ("sysname", Kernel("ostype")), ("version", Kernel("version"))];
        _machine = Syscall.uname(out var uname) == 0 ? uname.machine : "";
    }

    public string Name => "uname";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        // Label order: domainname, machine, nodename, release, sysname, version.
        var index = 0;
        foreach (var (label, path) in _files)
        {
            if (!_file.TryRead(path, out var value, out failure))
            {
                return false;
            }

            var end = value.IndexOf((byte)'\n');
            if (end < 0 || value.IndexOf((byte)0) >= 0)
            {
                failure = $"{path}: not a single line";
                return false;
            }

            _labels[index++] = new Label(label, _values.Get(value[..end]));
            if (label == "domainname")
            {
                _labels[index++] = new Label("machine", _machine);
            }
        }

        writer.WriteFamily(Info);
        writer.WriteSample(Info.Name, _labels, 1);
        failure = null;
        return true;
    }
}
