using System.Globalization;
using NodeCollector.Memory;

namespace NodeCollector.Config;

/// <summary>
/// How <c>limits.memory_budget</c> is divided among the consumers that are on: remote write's in-memory queues
/// (weight 4), the series table they encode from (2, measured), Loki's batches (3) and the log tailers' read buffers
/// (1, measured). A share smaller than what its consumer needs to work at all is a configuration error.
/// </summary>
internal static class MemoryBudgetPlan
{
    public const string RemoteWrite = "remote_write";
    public const string Series = "series";
    public const string Loki = "loki";
    public const string Logs = "logs";

    /// <summary>A <c>QueuedSample</c> in a shard's channel: a series reference, timestamp, value and WAL sequence.</summary>
    public const int BytesPerQueuedSample = 32;

    /// <summary>A series in the remote-write table: its encoded labels and bookkeeping, for a typical pod metric.</summary>
    public const int BytesPerSeries = 256;

    /// <summary>The read buffer each open log file's tailer holds.</summary>
    public const int TailReadBufferBytes = 128 * 1024;

    public static IReadOnlyList<MemoryBudgetPlanEntry> Divide(CollectorConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var wanted = new List<(string Consumer, int Weight, long Minimum, string Why)>();
        if (config.RemoteWrite.Count > 0)
        {
            long queues = 0;
            foreach (var endpoint in config.RemoteWrite)
            {
                queues += (long)endpoint.Queue.MaxShards * endpoint.Queue.MaxSamplesPerSend * BytesPerQueuedSample;
            }

            wanted.Add((RemoteWrite, 4, queues, "one full batch (max_samples_per_send) in each of max_shards shards of every remote_write queue"));
            wanted.Add((Series, 2, 0, ""));
        }

        if (config.Loki.Url.Length > 0)
        {
            wanted.Add((Loki, 3, config.Loki.BatchSize, "one loki.batch_size batch"));
            if (config.Logs.Enabled)
            {
                wanted.Add((Logs, 1, TailReadBufferBytes + config.Logs.MaxLineSize, "one tailer's read buffer plus logs.max_line_size"));
            }
        }

        var weights = wanted.Sum(w => w.Weight);
        return [.. wanted.Select(w => new MemoryBudgetPlanEntry(
            w.Consumer, config.Limits.MemoryBudget * w.Weight / weights, w.Weight, weights, w.Minimum, w.Why))];
    }

    /// <summary>The share of <paramref name="consumer"/>; the whole budget when the consumer is not in the plan.</summary>
    public static long ShareOf(CollectorConfig config, string consumer)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Divide(config).FirstOrDefault(e => e.Consumer == consumer)?.Bytes ?? config.Limits.MemoryBudget;
    }

    /// <summary>A remote_write queue's per-shard capacity in samples: <c>capacity</c>, lowered to fit the queues' share.</summary>
    public static int QueueCapacity(CollectorConfig config, RemoteWriteOptions endpoint)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(endpoint);
        var perEndpoint = ShareOf(config, RemoteWrite) / Math.Max(1, config.RemoteWrite.Count);
        var fits = perEndpoint / ((long)endpoint.Queue.MaxShards * BytesPerQueuedSample);
        return (int)Math.Max(1, Math.Min(endpoint.Queue.Capacity, fits));
    }

    public static MemoryBudget Create(CollectorConfig config)
    {
        var budget = new MemoryBudget(config.Limits.MemoryBudget);
        foreach (var entry in Divide(config))
        {
            budget.Allocate(entry.Consumer, entry.Bytes);
        }

        return budget;
    }

    public static void Validate(CollectorConfig config, ConfigProblems problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var tooSmall = Divide(config).Where(e => e.Bytes < e.MinimumBytes).ToList();
        if (tooSmall.Count == 0)
        {
            return;
        }

        var needed = tooSmall.Max(e => e.MinimumBytes * e.WeightsTotal / e.Weight);
        needed = (needed + (1L << 20) - 1) >> 20 << 20;
        var reasons = string.Join("; ", tooSmall.Select(e => string.Create(CultureInfo.InvariantCulture,
            $"{e.Consumer} gets {e.Weight}/{e.WeightsTotal} = {ByteSize.Format(e.Bytes)} but needs {ByteSize.Format(e.MinimumBytes)} for {e.Why}")));
        problems.Add("limits.memory_budget",
            $"{ByteSize.Format(config.Limits.MemoryBudget)} is too small for the configured minimums: {reasons}; raise it to at least {ByteSize.Format(needed)} or lower those settings");
    }
}
