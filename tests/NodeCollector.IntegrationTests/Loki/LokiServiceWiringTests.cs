using System.Text;
using HostMocks.Loki;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodeCollector.Config;
using NodeCollector.Diagnostics;
using NodeCollector.Labels;
using NodeCollector.Logs;
using NodeCollector.TestSupport;

namespace NodeCollector.IntegrationTests.Loki;

/// <summary>The collector offers the Loki client as its <see cref="ILogSink"/> exactly when <c>loki.url</c> is set.</summary>
public sealed class LokiServiceWiringTests
{
    [Fact]
    public async Task With_a_loki_url_the_collectors_log_sink_ships_to_Loki_and_acknowledges()
    {
        await using var loki = await FakeLoki.StartAsync();
        await using var app = Create($"loki:\n  url: {loki.PushUrl}\n  batch_wait: 50ms\n");
        await app.StartAsync(CancellationToken.None);
        var sink = app.Services.GetRequiredService<ILogSink>();
        var source = new AckedSource();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;

        await sink.WriteAsync(source, LabelSet.From([new Label("pod", "api")]), new LogEntry(now, Encoding.UTF8.GetBytes("hello"), 42), CancellationToken.None);
        await Poll.UntilAsync(() => source.LastAck == 42, TimeSpan.FromSeconds(20), "the entry acknowledged");
        await app.StopAsync(CancellationToken.None);

        Assert.Equal("hello", Assert.Single(loki.Ingester.Stream("{pod=\"api\"}")!.Entries).Line);
    }

    [Fact]
    public async Task Without_a_loki_url_there_is_no_log_sink()
    {
        await using var app = Create("");

        Assert.Null(app.Services.GetService<ILogSink>());
    }

    private static CollectorApp Create(string yaml)
    {
        var config = ConfigLoader.Load("server:\n  listen_address: 127.0.0.1:0\nkubernetes:\n  enabled: false\nhost_metrics:\n  enabled: false\n" + yaml, "test.yaml", _ => null);
        Assert.Empty(config.Problems);
        return CollectorApp.Create(config.Config!, LogLevel.Warning, LogFormat.Logfmt);
    }

    private sealed class AckedSource : ILogSource
    {
        private long _lastAck = -1;

        public LogFileIdentity Identity { get; } = new(1, 1, 1);

        public long LastAck => Interlocked.Read(ref _lastAck);

        public void Acknowledge(long resumeOffset) => Interlocked.Exchange(ref _lastAck, resumeOffset);
    }
}
