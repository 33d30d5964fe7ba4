using NodeCollector.Memory;

namespace NodeCollector.Tests.Memory;

/// <summary>Shares of the budget: reserved up to their limit and no further, and never more than the total.</summary>
public sealed class MemoryBudgetTests
{
    [Fact]
    public void A_share_reserves_up_to_its_limit_and_refuses_past_it()
    {
        var share = new MemoryBudget(1000).Allocate("loki", 600);

        Assert.True(share.TryReserve(400));
        Assert.True(share.TryReserve(200));
        Assert.False(share.TryReserve(1));
        Assert.Equal(600, share.UsedBytes);

        share.Release(250);
        Assert.True(share.TryReserve(250));
        Assert.False(share.TryReserve(1));
    }

    [Fact]
    public async Task Concurrent_reservations_never_pass_the_limit()
    {
        var share = new MemoryBudget(10_000).Allocate("queues", 10_000);
        var granted = 0;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                if (share.TryReserve(3))
                {
                    Interlocked.Increment(ref granted);
                }
            }
        })));

        Assert.Equal(3333, granted);
        Assert.Equal(9999, share.UsedBytes);
    }

    [Fact]
    public void Releasing_more_than_was_reserved_is_a_bug_that_throws()
    {
        var share = new MemoryBudget(100).Allocate("logs", 100);
        share.TryReserve(10);

        Assert.Throws<InvalidOperationException>(() => share.Release(11));
    }

    [Fact]
    public void Shares_cannot_add_up_to_more_than_the_total()
    {
        var budget = new MemoryBudget(1000);
        budget.Allocate("a", 700);

        var error = Assert.Throws<InvalidOperationException>(() => budget.Allocate("b", 301));

        Assert.Contains("300 are left of 1000", error.Message, StringComparison.Ordinal);
        Assert.Equal(700, budget.AllocatedBytes);
    }

    [Fact]
    public void Used_bytes_add_what_is_reserved_and_what_a_bounded_consumer_reports()
    {
        var budget = new MemoryBudget(1000);
        var loki = budget.Allocate("loki", 500);
        var logs = budget.Allocate("logs", 500);
        long held = 120;
        loki.Observe(() => held);
        logs.TryReserve(30);

        Assert.Equal(150, budget.UsedBytes);
        held = 0;
        Assert.Equal(30, budget.UsedBytes);
    }
}
