using System.Diagnostics.Metrics;
using NodeCollector.Metrics;

namespace NodeCollector.Memory;

/// <summary>
/// <c>nodecollector_memory_budget_bytes</c>, and per consumer <c>nodecollector_memory_budget_share_bytes</c> and
/// <c>nodecollector_memory_budget_used_bytes</c>, on <see cref="CollectorMeter"/>, for the running budgets.
/// </summary>
internal static class MemoryBudgetMetrics
{
    private static readonly Lock Gate = new();
    private static readonly List<MemoryBudget> Budgets = [];
    private static bool _created;

    public static void Register(MemoryBudget budget)
    {
        lock (Gate)
        {
            Budgets.Add(budget);
            if (_created)
            {
                return;
            }

            _created = true;
            var meter = CollectorMeter.Meter;
            meter.CreateObservableGauge("nodecollector_memory_budget_bytes", () => Each(b => [new Measurement<long>(b.TotalBytes)]),
                "bytes", "limits.memory_budget: the cap on what the collector buffers in memory (queues, batches, caches).");
            meter.CreateObservableGauge("nodecollector_memory_budget_share_bytes", () => PerShare(s => s.LimitBytes),
                "bytes", "The part of the memory budget a consumer may hold.");
            meter.CreateObservableGauge("nodecollector_memory_budget_used_bytes", () => PerShare(s => s.UsedBytes),
                "bytes", "What a consumer holds of its memory budget share now.");
        }
    }

    public static void Unregister(MemoryBudget budget)
    {
        lock (Gate)
        {
            Budgets.Remove(budget);
        }
    }

    private static List<Measurement<long>> PerShare(Func<MemoryBudgetShare, long> read) =>
        Each(b => [.. b.Shares.Select(s => new Measurement<long>(read(s), new KeyValuePair<string, object?>("consumer", s.Consumer)))]);

    private static List<Measurement<long>> Each(Func<MemoryBudget, IEnumerable<Measurement<long>>> measure)
    {
        lock (Gate)
        {
            return [.. Budgets.SelectMany(measure)];
        }
    }
}
