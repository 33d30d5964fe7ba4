namespace NodeCollector.Logs;

/// <summary>What reading the positions file found: its entries, and whether it was absent (a first start) or unreadable.</summary>
internal sealed record PositionsLoad(IReadOnlyList<PositionEntry> Entries, bool FirstStart, bool WasCorrupt);
