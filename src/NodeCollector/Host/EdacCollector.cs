using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>edac</c>: correctable and uncorrectable memory errors per memory controller, chip-select row and
/// channel from <c>sys/devices/system/edac/mc/mcN</c>; errors the kernel cannot place are counted under csrow "unknown".
/// </summary>
internal sealed class EdacCollector : IHostCollector
{
    private static readonly MetricFamily Correctable = new("node_edac_correctable_errors_total", "Total correctable memory errors.", MetricType.Counter);
    private static readonly MetricFamily Uncorrectable = new("node_edac_uncorrectable_errors_total", "Total uncorrectable memory errors.", MetricType.Counter);
    private static readonly MetricFamily CsrowCorrectable = new("node_edac_csrow_correctable_errors_total", "Total correctable memory errors for this csrow.", MetricType.Counter);
    private static readonly MetricFamily CsrowUncorrectable = new("node_edac_csrow_uncorrectable_errors_total", "Total uncorrectable memory errors for this csrow.", MetricType.Counter);
    private static readonly MetricFamily ChannelCorrectable = new("node_edac_channel_correctable_errors_total", "Total correctable memory errors for this channel.", MetricType.Counter);
    private static readonly MetricFamily ChannelUncorrectable = new("node_edac_channel_uncorrectable_errors_total", "Total uncorrectable memory errors for this channel.", MetricType.Counter);

    private static readonly MetricFamily[] Families = [Correctable, Uncorrectable, CsrowCorrectable, CsrowUncorrectable, ChannelCorrectable, ChannelUncorrectable];

    private readonly string _mcDir;
    private readonly FileBuffer _file = new(128);
    private List<(string Family, string Path, Label[] Labels, bool Required)>? _layout;

    public EdacCollector(HostCollectorContext context)
    {
        _mcDir = context.Sys("devices", "system", "edac", "mc");
    }

    public string Name => "edac";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        failure = null;
        if (!Directory.Exists(_mcDir))
        {
            // No EDAC driver: no memory controllers to report, which node_exporter counts as success.
            return true;
        }

        // The controllers, rows and channels are fixed at boot: find the files once, then only read them.
        _layout ??= LayOut();
        foreach (var family in Families)
        {
            writer.WriteFamily(family);
            foreach (var (name, path, labels, required) in _layout)
            {
                if (!ReferenceEquals(name, family.Name))
                {
                    continue;
                }

                if (!_file.TryReadValue(path, out var text, out failure) || !Ascii.TryParseNumber(text, out var value))
                {
                    if (required)
                    {
                        failure ??= $"{path}: not a number";
                        return false;
                    }

                    failure = null;
                    continue;
                }

                writer.WriteSample(name, labels, value);
            }
        }

        return true;
    }

    private List<(string Family, string Path, Label[] Labels, bool Required)> LayOut()
    {
        var layout = new List<(string, string, Label[], bool)>();
        foreach (var controllerDir in Numbered(_mcDir, "mc"))
        {
            var controller = Path.GetFileName(controllerDir)[2..];
            Label[] mc = [new("controller", controller)];
            Label[] unknown = [new("controller", controller), new("csrow", "unknown")];
            layout.Add((Correctable.Name, Path.Combine(controllerDir, "ce_count"), mc, true));
            layout.Add((Uncorrectable.Name, Path.Combine(controllerDir, "ue_count"), mc, true));
            layout.Add((CsrowCorrectable.Name, Path.Combine(controllerDir, "ce_noinfo_count"), unknown, true));
            layout.Add((CsrowUncorrectable.Name, Path.Combine(controllerDir, "ue_noinfo_count"), unknown, true));
            foreach (var csrowDir in Numbered(controllerDir, "csrow"))
            {
                var csrow = Path.GetFileName(csrowDir)[5..];
                Label[] row = [new("controller", controller), new("csrow", csrow)];
                layout.Add((CsrowCorrectable.Name, Path.Combine(csrowDir, "ce_count"), row, true));
                layout.Add((CsrowUncorrectable.Name, Path.Combine(csrowDir, "ue_count"), row, true));

                // Channels are the chN_ce_count files; the dimm_label is node_exporter's mc<c>_csrow<r>_channel<n>.
                foreach (var path in Directory.EnumerateFiles(csrowDir, "ch*_ce_count").Order(StringComparer.Ordinal))
                {
                    var channel = Path.GetFileName(path)[2..^"_ce_count".Length];
                    if (channel.Length == 0 || !channel.All(char.IsAsciiDigit))
                    {
                        continue;
                    }

                    Label[] labels = [new("channel", channel), new("controller", controller), new("csrow", csrow), new("dimm_label", $"mc{controller}_csrow{csrow}_channel{channel}")];
                    layout.Add((ChannelCorrectable.Name, path, labels, false));
                    layout.Add((ChannelUncorrectable.Name, Path.Combine(csrowDir, $"ch{channel}_ue_count"), labels, false));
                }
            }
        }

        return layout;
    }

    private static IEnumerable<string> Numbered(string dir, string prefix) =>
        Directory.EnumerateDirectories(dir, prefix + "*").Where(d => Path.GetFileName(d).Length > prefix.Length && Path.GetFileName(d)[prefix.Length..].All(char.IsAsciiDigit));
}
