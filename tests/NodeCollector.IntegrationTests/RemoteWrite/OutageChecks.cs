using HostMocks.Prometheus;
using NodeCollector.TestSupport;

namespace NodeCollector.IntegrationTests.RemoteWrite;

/// <summary>What the outage tests check in Prometheus.</summary>
internal static class OutageChecks
{
    private const string Up = "up{job=\"nodecollector\"}";
    private const string Rounds = "nodecollector_remote_write_collections_total{job=\"nodecollector\"}";

    public static Task UntilArrivingAsync(RealPrometheus prometheus, CollectorUnderTest collector) =>
        Poll.UntilAsync(
            async () =>
            {
                try
                {
                    return (await prometheus.RawAsync(Up, TimeSpan.FromMinutes(5))) is [var first, ..] && first.Samples.Count >= 3;
                }
                catch (HttpRequestException)
                {
                    // Prometheus still replaying or busy: ask again.
                    return false;
                }
                catch (TaskCanceledException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(60),
            "samples arriving in Prometheus\n" + collector.Describe());

    /// <summary>
    /// The collector's round counter goes up by exactly one per append round, whatever the machine's load. Over the
    /// outage, its samples in Prometheus must count up one by one (a new run starts at the restart after a kill) with
    /// strictly increasing timestamps: a gap is a lost round, a repeat a duplicate.
    /// </summary>
    public static async Task NoGapsAsync(RealPrometheus prometheus, long stoppedMs, long restartedMs, bool killed)
    {
        var series = Assert.Single(await prometheus.RawAsync(Rounds, TimeSpan.FromMinutes(15)));
        var samples = series.Samples;
        Assert.True(samples[0].TimestampMs < stoppedMs && samples[^1].TimestampMs > restartedMs, "the samples span the outage");
        var runs = 1;
        for (var i = 1; i < samples.Count; i++)
        {
            var (previous, current) = (samples[i - 1], samples[i]);
            var at = CollectorUnderTest.Seconds(current.TimestampMs);
            Assert.True(current.TimestampMs > previous.TimestampMs, $"duplicate or out-of-order sample at {at}");
            if (killed && current.Value < previous.Value)
            {
                runs++;
                continue;
            }

            Assert.True(current.Value == previous.Value + 1, $"round {previous.Value} is followed by round {current.Value} at {at}: lost rounds");
        }

        Assert.Equal(killed ? 2 : 1, runs);
    }

    /// <summary>Every (timestamp, value) in <paramref name="expected"/> is a sample of the series in Prometheus.</summary>
    public static async Task ContainsAllAsync(RealPrometheus prometheus, string name, string key, IReadOnlyList<(long TimestampMs, double Value)> expected)
    {
        var series = (await prometheus.RawAsync(name, TimeSpan.FromMinutes(10)))
            .Single(s => CollectorUnderTest.Key(s.Labels) == key);
        var stored = series.Samples.ToDictionary(s => s.TimestampMs, s => s.Value);
        var missing = expected.Where(e => !stored.TryGetValue(e.TimestampMs, out var v) || v != e.Value).ToList();
        Assert.True(missing.Count == 0, $"{name}{{{key}}}: {missing.Count} of {expected.Count} samples missing, first at {(missing.Count > 0 ? CollectorUnderTest.Seconds(missing[0].TimestampMs) : "")}");
    }
}
