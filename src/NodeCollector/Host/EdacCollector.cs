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

    private readonly string _mcDir;
    private readonly FileBuffer _file = new(128);
    private readonly RecordingMetricWriter _samples = new();
    private readonly Label[] _four = new Label[4];

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
            failure = $"{_mcDir}: missing (no EDAC on this machine)";
            return false;
        }

        _samples.Clear();
        foreach (var controllerDir in Numbered(_mcDir, "mc"))
        {
            var controller = Path.GetFileName(controllerDir)[2..];
            if (!TryRead(controllerDir, "ce_count", out var ce, out failure) || !TryRead(controllerDir, "ue_count", out var ue, out failure)
                || !TryRead(controllerDir, "ce_noinfo_count", out var ceUnknown, out failure) || !TryRead(controllerDir, "ue_noinfo_count", out var ueUnknown, out failure))
            {
                return false;
            }

            Record(Correctable, ce, new Label("controller", controller));
            Record(Uncorrectable, ue, new Label("controller", controller));
            Record(CsrowCorrectable, ceUnknown, new Label("controller", controller), new Label("csrow", "unknown"));
            Record(CsrowUncorrectable, ueUnknown, new Label("controller", controller), new Label("csrow", "unknown"));
            foreach (var csrowDir in Numbered(controllerDir, "csrow"))
            {
                var csrow = Path.GetFileName(csrowDir)[5..];
                if (!TryRead(csrowDir, "ce_count", out var rowCe, out failure) || !TryRead(csrowDir, "ue_count", out var rowUe, out failure))
                {
                    return false;
                }

                Record(CsrowCorrectable, rowCe, new Label("controller", controller), new Label("csrow", csrow));
                Record(CsrowUncorrectable, rowUe, new Label("controller", controller), new Label("csrow", csrow));
                RecordChannels(csrowDir, controller, csrow);
            }
        }

        foreach (var family in (ReadOnlySpan<MetricFamily>)[Correctable, Uncorrectable, CsrowCorrectable, CsrowUncorrectable, ChannelCorrectable, ChannelUncorrectable])
        {
            writer.WriteFamily(family);
            foreach (var sample in _samples.Samples)
            {
                if (ReferenceEquals(sample.Name, family.Name))
                {
                    writer.WriteSample(sample.Name, sample.Labels.Span, sample.Value);
                }
            }
        }

        return true;
    }

    /// <summary>Channels are the <c>chN_ce_count</c> files; the dimm_label is node_exporter's <c>mc&lt;c&gt;_csrow&lt;r&gt;_channel&lt;n&gt;</c>.</summary>
    private void RecordChannels(string csrowDir, string controller, string csrow)
    {
        foreach (var path in Directory.EnumerateFiles(csrowDir, "ch*_ce_count"))
        {
            var file = Path.GetFileName(path);
            var channel = file[2..^"_ce_count".Length];
            if (channel.Length == 0 || !channel.All(char.IsAsciiDigit))
            {
                continue;
            }

            _four[0] = new Label("channel", channel);
            _four[1] = new Label("controller", controller);
            _four[2] = new Label("csrow", csrow);
            _four[3] = new Label("dimm_label", $"mc{controller}_csrow{csrow}_channel{channel}");
            if (TryRead(csrowDir, file, out var ce, out _))
            {
                _samples.WriteSample(ChannelCorrectable.Name, _four, ce);
            }

            if (TryRead(csrowDir, $"ch{channel}_ue_count", out var ue, out _))
            {
                _samples.WriteSample(ChannelUncorrectable.Name, _four, ue);
            }
        }
    }

    private void Record(in MetricFamily family, double value, Label first, Label? second = null)
    {
        if (second is { } label)
        {
            _samples.WriteSample(family.Name, [first, label], value);
        }
        else
        {
            _samples.WriteSample(family.Name, [first], value);
        }
    }

    private bool TryRead(string dir, string file, out double value, out string? failure)
    {
        value = 0;
        if (!_file.TryReadValue(Path.Combine(dir, file), out var text, out failure))
        {
            return false;
        }

        if (!Ascii.TryParseNumber(text, out value))
        {
            failure = $"{Path.Combine(dir, file)}: not a number";
            return false;
        }

        return true;
    }

    private static IEnumerable<string> Numbered(string dir, string prefix) =>
        Directory.EnumerateDirectories(dir, prefix + "*").Where(d => Path.GetFileName(d).Length > prefix.Length && Path.GetFileName(d)[prefix.Length..].All(char.IsAsciiDigit));
}
