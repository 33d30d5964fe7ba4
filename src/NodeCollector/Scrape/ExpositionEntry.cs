namespace NodeCollector.Scrape;

/// <summary>What the exposition parser found on the current line.</summary>
internal enum ExpositionEntry
{
    Help,
    Type,
    Unit,
    Series,
}
