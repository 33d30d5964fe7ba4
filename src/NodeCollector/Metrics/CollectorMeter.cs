using System.Diagnostics.Metrics;

namespace NodeCollector.Metrics;

/// <summary>
/// The one <see cref="System.Diagnostics.Metrics.Meter"/> for the collector's own metrics. Instrument names are the final
/// Prometheus names (<c>nodecollector_http_requests_total</c>), descriptions the HELP text, units the OpenMetrics unit;
/// <see cref="MeterMetricSource"/> exposes them. Prefer string tag values: a value-type tag is boxed by every measurement.
/// </summary>
internal static class CollectorMeter
{
    public const string Name = "NodeCollector";

    public const string BuildInfoName = "nodecollector_build_info";

    public const string BuildInfoHelp =
        "A metric with a constant '1' value labeled by version, revision, and runtime from which nodecollector was built.";

    public static Meter Meter { get; } = Create();

    /// <summary>Adds <c>nodecollector_build_info</c> to <paramref name="meter"/> (the production meter does this itself).</summary>
    public static ObservableGauge<int> RegisterBuildInfo(Meter meter, BuildInfo info)
    {
        ArgumentNullException.ThrowIfNull(meter);
        var measurement = new Measurement<int>(
            1,
            new KeyValuePair<string, object?>[]
            {
                new("version", info.Version),
                new("revision", info.Revision),
                new("runtime", info.Runtime),
            });
        return meter.CreateObservableGauge(BuildInfoName, () => measurement, unit: null, description: BuildInfoHelp);
    }

    private static Meter Create()
    {
        var meter = new Meter(Name, BuildInfo.Current.Version);
        RegisterBuildInfo(meter, BuildInfo.Current);
        return meter;
    }
}
