using NodeCollector.Labels;

namespace NodeCollector.Metrics;

/// <summary>A sample kept by <see cref="RecordingMetricWriter"/>; its labels stay valid until the writer is cleared.</summary>
internal readonly record struct RecordedSample(string Name, ReadOnlyMemory<Label> Labels, double Value, long? TimestampMs);
