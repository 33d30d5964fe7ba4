using NodeCollector.Export.RemoteWrite;

namespace NodeCollector.Tests.Export.RemoteWrite;

public class ShardScalerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    [Fact]
    public void Without_traffic_the_minimum_runs()
    {
        var scaler = new ShardScaler(min: 2, max: 50);

        Assert.Equal(2, scaler.Desired(Interval, current: 5, pending: 0, lagSeconds: 0));
    }

    [Fact]
    public void Shards_follow_the_send_time_per_sample_times_the_rate_within_the_bounds()
    {
        var scaler = new ShardScaler(min: 1, max: 50);

        // 10,000 samples/s arrive, and sending one takes 1 ms: ten shards keep up.
        scaler.ObserveIn(100_000);
        scaler.ObserveSend(TimeSpan.FromSeconds(10), 10_000);
        Assert.Equal(10, scaler.Desired(Interval, current: 1, pending: 0, lagSeconds: 0));

        // A change within 30 % of the current count is not worth a reshard.
        scaler.ObserveIn(120_000);
        scaler.ObserveSend(TimeSpan.FromSeconds(12), 12_000);
        Assert.Equal(10, scaler.Desired(Interval, current: 10, pending: 0, lagSeconds: 0));

        // A backlog of 100 s at that rate asks for more than the maximum.
        scaler.ObserveIn(100_000);
        scaler.ObserveSend(TimeSpan.FromSeconds(10), 10_000);
        Assert.Equal(50, scaler.Desired(Interval, current: 10, pending: 0, lagSeconds: 100));
    }
}
