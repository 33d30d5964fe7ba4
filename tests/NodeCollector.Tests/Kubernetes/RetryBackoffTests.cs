using NodeCollector.Kubernetes;

namespace NodeCollector.Tests.Kubernetes;

public sealed class RetryBackoffTests
{
    [Fact]
    public void Doubles_with_jitter_up_to_the_cap_and_resets()
    {
        var backoff = new RetryBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(3), new Random(7));
        var ceilings = new[] { 100, 200, 400, 800, 1600, 3000, 3000, 3000 };
        foreach (var ceiling in ceilings)
        {
            var delay = backoff.NextDelay().TotalMilliseconds;
            Assert.InRange(delay, ceiling / 2.0, ceiling);
        }

        backoff.Reset();
        Assert.InRange(backoff.NextDelay().TotalMilliseconds, 50, 100);
    }

    [Fact]
    public void Never_overflows_after_many_failures()
    {
        var backoff = new RetryBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), new Random(1));
        for (var i = 0; i < 200; i++)
        {
            Assert.InRange(backoff.NextDelay(), TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public void Jitter_spreads_retries()
    {
        var delays = Enumerable.Range(0, 20)
            .Select(seed => new RetryBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), new Random(seed)).NextDelay())
            .Distinct()
            .Count();
        Assert.True(delays > 10);
    }
}
