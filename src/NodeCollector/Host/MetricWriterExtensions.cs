using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>Shorthands for the common shapes of host families.</summary>
internal static class MetricWriterExtensions
{
    /// <summary>A family with one unlabelled sample.</summary>
    public static void WriteSingle(this IMetricWriter writer, in MetricFamily family, double value)
    {
        writer.WriteFamily(family);
        writer.WriteSample(family.Name, [], value);
    }

    /// <summary>A sample with one label.</summary>
    public static void WriteSample(this IMetricWriter writer, string name, string labelName, string labelValue, double value)
    {
        ReadOnlySpan<Label> labels = [new Label(labelName, labelValue)];
        writer.WriteSample(name, labels, value);
    }

    /// <summary>A sample with two labels, given in name order.</summary>
    public static void WriteSample(this IMetricWriter writer, string name, Label first, Label second, double value)
    {
        ReadOnlySpan<Label> labels = [first, second];
        writer.WriteSample(name, labels, value);
    }
}
