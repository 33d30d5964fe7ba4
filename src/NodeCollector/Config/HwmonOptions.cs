namespace NodeCollector.Config;

/// <summary>Options of the hwmon collector (node_exporter's <c>--collector.hwmon.chip-include/-exclude</c>).</summary>
internal sealed record HwmonOptions
{
    public static readonly ConfigSchema<HwmonOptions> Schema = new ConfigSchema<HwmonOptions>()
        .Field("chip_include", (o, r) => o.ChipInclude = r.String())
        .Field("chip_exclude", (o, r) => o.ChipExclude = r.String());

    /// <summary>Chips to keep (a regular expression on the chip name); empty keeps all.</summary>
    public string ChipInclude { get; set; } = "";

    /// <summary>Chips to skip; empty skips none.</summary>
    public string ChipExclude { get; set; } = "";
}
