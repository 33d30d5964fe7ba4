using NodeCollector.Config;

namespace NodeCollector.Tests.Memory;

/// <summary>How limits.memory_budget is divided, how the consumers are bounded by it, and when it is too small.</summary>
public sealed class MemoryBudgetPlanTests
{
    private const string Base = "kubernetes: {enabled: false}\nwal: {dir: /tmp/wal}\n";

    [Fact]
    public void The_budget_is_divided_by_weight_among_the_consumers_that_are_on()
    {
        var config = Load(Base + "limits: {memory_budget: 100MiB}\nremote_write: [{url: http://p/w}]\nloki: {url: http://l/push}\n");

        var shares = MemoryBudgetPlan.Divide(config).ToDictionary(e => e.Consumer, e => e.Bytes);

        Assert.Equal("logs loki remote_write series", string.Join(' ', shares.Keys.Order(StringComparer.Ordinal)));
        Assert.Equal(100L << 20, shares.Values.Sum());
        Assert.Equal((100L << 20) * 4 / 10, shares["remote_write"]);
        Assert.Equal((100L << 20) * 3 / 10, shares["loki"]);
    }

    [Fact]
    public void Without_exporters_nothing_is_divided()
    {
        Assert.Empty(MemoryBudgetPlan.Divide(Load(Base)));
    }

    [Fact]
    public void A_small_budget_lowers_the_remote_write_queue_capacity_and_the_loki_buffer()
    {
        var config = Load(Base + "limits: {memory_budget: 16MiB}\nremote_write: [{url: http://p/w}]\nloki: {url: http://l/push, buffer_size: 64MiB}\n");

        var capacity = MemoryBudgetPlan.QueueCapacity(config, config.RemoteWrite[0]);
        var loki = MemoryBudgetPlan.ShareOf(config, MemoryBudgetPlan.Loki);

        Assert.Equal((16L << 20) * 4 / 10 / (50 * MemoryBudgetPlan.BytesPerQueuedSample), capacity);
        Assert.True(capacity < config.RemoteWrite[0].Queue.Capacity);
        Assert.Equal((16L << 20) * 3 / 10, loki);
    }

    [Fact]
    public void A_large_budget_keeps_the_configured_capacity()
    {
        var config = Load(Base + "limits: {memory_budget: 4GiB}\nremote_write: [{url: http://p/w}]\n");

        Assert.Equal(10000, MemoryBudgetPlan.QueueCapacity(config, config.RemoteWrite[0]));
    }

    [Fact]
    public void A_budget_too_small_for_the_configured_minimums_is_a_config_error_saying_what_to_raise()
    {
        var loaded = ConfigLoader.Load(
            Base + "limits:\n  memory_budget: 16MiB\nremote_write:\n  - url: http://p/w\n    queue_config: {max_shards: 200, max_samples_per_send: 10000}\n",
            "c.yaml",
            _ => null);

        var problem = Assert.Single(loaded.Problems);
        Assert.Equal("limits.memory_budget", problem.KeyPath);
        Assert.Equal(4, problem.Line);
        Assert.Contains("16MiB is too small for the configured minimums: remote_write gets 4/6", problem.Message, StringComparison.Ordinal);
        Assert.Contains("raise it to at least 92MiB", problem.Message, StringComparison.Ordinal);
    }

    private static CollectorConfig Load(string yaml)
    {
        var loaded = ConfigLoader.Load(yaml, "c.yaml", _ => null);
        Assert.True(loaded.Config is not null, string.Join("\n", loaded.Problems));
        return loaded.Config;
    }
}
