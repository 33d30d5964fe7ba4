namespace NodeCollector.Config;

/// <summary>One consumer's share of the memory budget: <see cref="Weight"/> of <see cref="WeightsTotal"/>, and the least it can work with.</summary>
internal sealed record MemoryBudgetPlanEntry(string Consumer, long Bytes, int Weight, int WeightsTotal, long MinimumBytes, string Why);
