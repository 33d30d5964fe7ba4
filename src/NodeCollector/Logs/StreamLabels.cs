using NodeCollector.Labels;

namespace NodeCollector.Logs;

/// <summary>The Loki stream labels of one container's file, one set per output stream.</summary>
internal sealed record StreamLabels(LabelSet Stdout, LabelSet Stderr)
{
    public LabelSet For(LogStream stream) => stream == LogStream.Stderr ? Stderr : Stdout;
}
