namespace NodeCollector.Labels;

/// <summary>One label of a series. Metric names are carried separately by writers, or as <c>__name__</c> in label sets.</summary>
internal readonly record struct Label(string Name, string Value);
