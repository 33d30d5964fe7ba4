using NodeCollector.Host;
using NodeCollector.Metrics;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Host;

/// <summary>The runner: per-collector success and duration, isolation of failures, hangs and exceptions, logging once per change.</summary>
public class HostMetricSourceTests
{
    [Fact]
    public void Output_is_sorted_by_family_and_followed_by_duration_and_success()
    {
        var source = Source(new FakeCollector("b", "node_b_total"), new FakeCollector("a", "node_a_total"));

        var text = Exposition.Render(source);

        Assert.Matches(@"(?s)^# HELP node_a_total.*# HELP node_b_total.*node_scrape_collector_duration_seconds\{collector=""a""\}.*node_scrape_collector_success\{collector=""a""\} 1\nnode_scrape_collector_success\{collector=""b""\} 1\n$", text);
    }

    [Fact]
    public void A_failing_collector_reports_0_and_writes_nothing_while_the_others_report()
    {
        var broken = new FakeCollector("broken", "node_broken") { Fail = "file missing" };
        var source = Source(broken, new FakeCollector("fine", "node_fine"));

        var families = Exposition.Parse(Exposition.Render(source));

        Assert.False(families.ContainsKey("node_broken"));
        Assert.Contains("node_fine 1", families["node_fine"].Samples);
        Assert.Contains("node_scrape_collector_success{collector=\"broken\"} 0", families["node_scrape_collector_success"].Samples);
        Assert.Contains("node_scrape_collector_success{collector=\"fine\"} 1", families["node_scrape_collector_success"].Samples);
    }

    [Fact]
    public void An_exception_fails_only_its_collector()
    {
        var source = Source(new FakeCollector("throws", "node_throws") { Throw = true }, new FakeCollector("fine", "node_fine"));

        var families = Exposition.Parse(Exposition.Render(source));

        Assert.Contains("node_scrape_collector_success{collector=\"throws\"} 0", families["node_scrape_collector_success"].Samples);
        Assert.Contains("node_fine 1", families["node_fine"].Samples);
    }

    [Fact]
    public void A_hanging_collector_is_cut_at_the_timeout_and_not_started_again_until_it_returns()
    {
        using var release = new ManualResetEventSlim();
        var hang = new FakeCollector("hang", "node_hang") { Block = release };
        var source = Source(TimeSpan.FromMilliseconds(300), hang, new FakeCollector("fine", "node_fine"));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var first = Exposition.Parse(Exposition.Render(source));
        var second = Exposition.Parse(Exposition.Render(source));
        var elapsed = clock.Elapsed;
        release.Set();
        SpinWait.SpinUntil(() => hang.Runs == 1 && !hang.Running, TimeSpan.FromSeconds(5));
        var third = Exposition.Parse(Exposition.Render(source));

        Assert.True(elapsed < TimeSpan.FromSeconds(3), $"two scrapes took {elapsed}");
        Assert.Contains("node_scrape_collector_success{collector=\"hang\"} 0", first["node_scrape_collector_success"].Samples);
        Assert.Contains("node_scrape_collector_success{collector=\"hang\"} 0", second["node_scrape_collector_success"].Samples);
        Assert.Contains("node_fine 1", second["node_fine"].Samples);
        Assert.Equal(2, hang.Runs);
        Assert.Contains("node_scrape_collector_success{collector=\"hang\"} 1", third["node_scrape_collector_success"].Samples);
    }

    [Fact]
    public void A_failure_is_logged_once_per_change()
    {
        var logger = new ListLogger();
        var flaky = new FakeCollector("flaky", "node_flaky") { Fail = "missing" };
        var source = new HostMetricSource([flaky], TimeSpan.FromSeconds(5), logger);

        Exposition.Render(source);
        Exposition.Render(source);
        flaky.Fail = "malformed";
        Exposition.Render(source);
        flaky.Fail = null;
        Exposition.Render(source);
        Exposition.Render(source);

        Assert.Equal([3001, 3001, 3002], logger.Events.Select(e => e.EventId));
        Assert.Contains("missing", logger.Events[0].Message, StringComparison.Ordinal);
        Assert.Contains("malformed", logger.Events[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_family_two_collectors_write_is_written_once()
    {
        var source = Source(new FakeCollector("a", "node_same"), new FakeCollector("b", "node_same"));

        var text = Exposition.Render(source);

        Assert.Single(text.Split('\n'), l => l.StartsWith("# TYPE node_same ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_family_without_samples_is_not_exposed()
    {
        var source = Source(new FakeCollector("empty", "node_empty") { Samples = 0 });

        Assert.DoesNotContain("node_empty", Exposition.Render(source), StringComparison.Ordinal);
    }

    private static HostMetricSource Source(params IHostCollector[] collectors) => Source(TimeSpan.FromSeconds(5), collectors);

    private static HostMetricSource Source(TimeSpan timeout, params IHostCollector[] collectors) =>
        new(collectors, timeout, new ListLogger());

    private sealed class FakeCollector(string name, string family) : IHostCollector
    {
        private int _runs;
        private int _running;

        public string Name => name;

        public string? Fail { get; set; }

        public bool Throw { get; init; }

        public int Samples { get; init; } = 1;

        public ManualResetEventSlim? Block { get; init; }

        public int Runs => Volatile.Read(ref _runs);

        public bool Running => Volatile.Read(ref _running) != 0;

        public bool TryCollect(IMetricWriter writer, out string? failure)
        {
            Interlocked.Increment(ref _runs);
            Volatile.Write(ref _running, 1);
            try
            {
                Block?.Wait();
                if (Throw)
                {
                    throw new InvalidDataException("bug");
                }

                writer.WriteFamily(new MetricFamily(family, "A test family.", MetricType.Gauge));
                for (var i = 0; i < Samples; i++)
                {
                    writer.WriteSample(family, [], 1);
                }

                failure = Fail;
                return Fail is null;
            }
            finally
            {
                Volatile.Write(ref _running, 0);
            }
        }
    }
}
