using System.Text;
using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>dmi</c>: the firmware's identification from <c>sys/class/dmi/id</c> as the labels of
/// <c>node_dmi_info</c>, one label per readable attribute (serials are often root-only), read once: DMI does not change.
/// </summary>
internal sealed class DmiCollector : IHostCollector
{
    private static readonly MetricFamily Info = new(
        "node_dmi_info",
        "A metric with a constant '1' value labeled by bios_date, bios_release, bios_vendor, bios_version, board_asset_tag, board_name, board_serial, board_vendor, board_version, chassis_asset_tag, chassis_serial, chassis_vendor, chassis_version, product_family, product_name, product_serial, product_sku, product_uuid, product_version, system_vendor if provided by DMI.",
        MetricType.Gauge);

    // Label → attribute file, in label order.
    private static readonly (string Label, string File)[] Attributes =
    [
        ("bios_date", "bios_date"), ("bios_release", "bios_release"), ("bios_vendor", "bios_vendor"), ("bios_version", "bios_version"),
        ("board_asset_tag", "board_asset_tag"), ("board_name", "board_name"), ("board_serial", "board_serial"), ("board_vendor", "board_vendor"),
        ("board_version", "board_version"), ("chassis_asset_tag", "chassis_asset_tag"), ("chassis_serial", "chassis_serial"),
        ("chassis_vendor", "chassis_vendor"), ("chassis_version", "chassis_version"), ("product_family", "product_family"),
        ("product_name", "product_name"), ("product_serial", "product_serial"), ("product_sku", "product_sku"), ("product_uuid", "product_uuid"),
        ("product_version", "product_version"), ("system_vendor", "sys_vendor"),
    ];

    private readonly string _dir;
    private Label[]? _labels;

    public DmiCollector(HostCollectorContext context)
    {
        _dir = context.Sys("class", "dmi", "id");
    }

    public string Name => "dmi";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        failure = null;
        if (_labels is null)
        {
            if (!Directory.Exists(_dir))
            {
                failure = $"{_dir}: missing (no DMI on this machine)";
                return false;
            }

            var file = new FileBuffer(256);
            var labels = new List<Label>();
            foreach (var (label, name) in Attributes)
            {
                if (file.TryRead(Path.Combine(_dir, name), out var value, out _))
                {
                    // Go's strings.TrimSpace, and its UTF-8 sanitising (the decoder replaces invalid bytes).
                    labels.Add(new Label(label, Encoding.UTF8.GetString(value.Trim(" \t\n\r\v\f"u8))));
                }
            }

            _labels = [.. labels];
        }

        writer.WriteFamily(Info);
        writer.WriteSample(Info.Name, _labels, 1);
        return true;
    }
}
