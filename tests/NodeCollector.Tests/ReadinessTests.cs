namespace NodeCollector.Tests;

public class ReadinessTests
{
    [Fact]
    public void Ready_with_no_sources()
    {
        Assert.True(new Readiness().IsReady);
    }

    [Fact]
    public void Not_ready_until_every_registered_source_has_started()
    {
        var readiness = new Readiness();
        readiness.Register("kubernetes");
        readiness.Register("host_metrics");

        Assert.Equal(["host_metrics", "kubernetes"], readiness.Pending());
        readiness.MarkStarted("host_metrics");
        Assert.False(readiness.IsReady);
        readiness.MarkStarted("kubernetes");
        Assert.True(readiness.IsReady);
    }
}
