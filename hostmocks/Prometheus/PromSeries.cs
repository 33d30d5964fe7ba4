namespace HostMocks.Prometheus;

/// <summary>One series from a Prometheus range-vector query: its labels and raw (timestamp ms, value) samples.</summary>
internal sealed record PromSeries(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<(long TimestampMs, double Value)> Samples);
