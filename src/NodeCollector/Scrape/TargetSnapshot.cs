using NodeCollector.Labels;

namespace NodeCollector.Scrape;

/// <summary>A job's active targets and the discovered label sets relabeling dropped.</summary>
internal sealed record TargetSnapshot(IReadOnlyList<ScrapeTarget> Active, IReadOnlyList<LabelSet> Dropped);
