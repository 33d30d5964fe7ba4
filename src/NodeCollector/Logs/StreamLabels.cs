using NodeCollector.Labels;

namespace NodeCollector.Logs;

/// <summary>
/// The Loki stream labels of one container's file, one set per output stream. Labels named with
/// <see cref="MetadataPrefix"/> are not stream labels: the Loki exporter sends them, without the prefix, as structured
/// metadata on each entry (<c>logs.structured_metadata</c>). Keeping them in the set means entries of files whose
/// metadata differ (a restarted container's new id) stay apart in a batch without a second argument per entry.
/// </summary>
internal sealed record StreamLabels(LabelSet Stdout, LabelSet Stderr)
{
    public const string MetadataPrefix = "__structured_metadata_";

    public LabelSet For(LogStream stream) => stream == LogStream.Stderr ? Stderr : Stdout;
}
