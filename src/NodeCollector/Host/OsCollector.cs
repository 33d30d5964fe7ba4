using System.Globalization;
using System.Text;
using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>os</c>: the host's os-release (<c>etc/os-release</c>, else <c>usr/lib/os-release</c> under the
/// rootfs) as <c>node_os_info</c>, and VERSION_ID's major.minor as <c>node_os_version</c>. Parsed again only when the
/// file changes.
/// </summary>
internal sealed class OsCollector : IHostCollector
{
    private static readonly MetricFamily Info = new(
        "node_os_info",
        "A metric with a constant '1' value labeled by build_id, id, id_like, image_id, image_version, name, pretty_name, variant, variant_id, version, version_codename, version_id.",
        MetricType.Gauge);

    private static readonly MetricFamily Version = new("node_os_version", "Metric containing the major.minor part of the OS version.", MetricType.Gauge);

    // Label name → os-release key, in label order.
    private static readonly (string Label, string Key)[] InfoLabels =
    [
        ("build_id", "BUILD_ID"), ("id", "ID"), ("id_like", "ID_LIKE"), ("image_id", "IMAGE_ID"), ("image_version", "IMAGE_VERSION"),
        ("name", "NAME"), ("pretty_name", "PRETTY_NAME"), ("variant", "VARIANT"), ("variant_id", "VARIANT_ID"), ("version", "VERSION"),
        ("version_codename", "VERSION_CODENAME"), ("version_id", "VERSION_ID"),
    ];

    private readonly string[] _paths;
    private DateTime _parsedWriteTime;
    private string? _parsedPath;
    private Label[] _info = [];
    private Label[] _versionLabels = [];
    private double _version;

    public OsCollector(HostCollectorContext context)
    {
        _paths = [context.Root("etc", "os-release"), context.Root("usr", "lib", "os-release")];
    }

    public string Name => "os";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        var path = Array.Find(_paths, File.Exists);
        if (path is null)
        {
            failure = $"neither {_paths[0]} nor {_paths[1]} exists";
            return false;
        }

        var written = File.GetLastWriteTimeUtc(path);
        if (path != _parsedPath || written != _parsedWriteTime)
        {
            if (!TryParse(path, out failure))
            {
                return false;
            }

            (_parsedPath, _parsedWriteTime) = (path, written);
        }

        writer.WriteFamily(Info);
        writer.WriteSample(Info.Name, _info, 1);
        if (_version > 0)
        {
            writer.WriteFamily(Version);
            writer.WriteSample(Version.Name, _versionLabels, _version);
        }

        failure = null;
        return true;
    }

    private bool TryParse(string path, out string? failure)
    {
        var buffer = new FileBuffer(4096);
        if (!buffer.TryRead(path, out var text, out failure))
        {
            return false;
        }

        var values = OsRelease.Parse(Encoding.UTF8.GetString(text));
        if (values.Count == 0)
        {
            failure = $"{path}: no KEY=value lines";
            return false;
        }

        _info = [.. InfoLabels.Select(l => new Label(l.Label, values.GetValueOrDefault(l.Key, "")))];
        _versionLabels = [new("id", values.GetValueOrDefault("ID", "")), new("id_like", values.GetValueOrDefault("ID_LIKE", "")), new("name", values.GetValueOrDefault("NAME", ""))];
        _version = 0;
        var versionId = values.GetValueOrDefault("VERSION_ID", "");
        var end = 0;
        while (end < versionId.Length && char.IsAsciiDigit(versionId[end]))
        {
            end++;
        }

        if (end > 0 && end < versionId.Length && versionId[end] == '.')
        {
            end++;
            while (end < versionId.Length && char.IsAsciiDigit(versionId[end]))
            {
                end++;
            }
        }

        if (end > 0 && double.TryParse(versionId.AsSpan(0, end), NumberStyles.Float, CultureInfo.InvariantCulture, out var version))
        {
            _version = version;
        }

        return true;
    }
}
