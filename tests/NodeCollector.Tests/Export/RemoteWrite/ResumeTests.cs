using Microsoft.Extensions.Logging.Abstractions;
using NodeCollector.Config;
using NodeCollector.Export.RemoteWrite;
using NodeCollector.Export.RemoteWrite.Wal;
using NodeCollector.Labels;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Export.RemoteWrite;

/// <summary>An endpoint stopped and started again (a restart) resumes exactly where it stopped: no loss, no resend.</summary>
public sealed class ResumeTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nodecollector-resume-").FullName;
    private RemoteWriteReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await RemoteWriteReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_restart_resumes_in_the_middle_of_a_segment_whose_series_were_defined_before_the_saved_position()
    {
        var series = Enumerable.Range(0, 10).Select(i => new WalSeries((ulong)(i + 1), LabelSet.From([new("__name__", "m_" + i)]))).ToArray();
        var options = new RemoteWriteOptions
        {
            Url = _receiver.Url,
            Name = "resume",
            Queue = new QueueOptions { MaxSamplesPerSend = 10, MaxShards = 1, BatchSendDeadline = TimeSpan.FromMilliseconds(50) },
        };

        using (var wal = Open())
        {
            using (var endpoint = new RemoteWriteEndpoint(options, wal, TimeProvider.System, NullLogger.Instance))
            {
                using var stop = new CancellationTokenSource();
                var run = endpoint.RunAsync(stop.Token, CancellationToken.None);
                wal.Append([.. series.Select(s => new WalSample(s, 1000, 1))]);
                await Poll.UntilAsync(() => Task.FromResult(_receiver.Received.Count == 1 && endpoint.Stats.SamplesPending == 0), TimeSpan.FromSeconds(30), "the first batch written");
                await stop.CancelAsync();
                await run;
            }

            // Appended while the endpoint is down: same segment, so no new series definitions.
            wal.Append([.. series.Select(s => new WalSample(s, 2000, 2))]);
        }

        using (var wal = Open())
        using (var endpoint = new RemoteWriteEndpoint(options, wal, TimeProvider.System, NullLogger.Instance))
        {
            using var stop = new CancellationTokenSource();
            var run = endpoint.RunAsync(stop.Token, CancellationToken.None);
            await Poll.UntilAsync(() => Task.FromResult(_receiver.Received.Count >= 2 && endpoint.Stats.SamplesPending == 0), TimeSpan.FromSeconds(30), "the second batch written");
            await stop.CancelAsync();
            await run;

            Assert.Equal(0, endpoint.Stats.SamplesDropped);
        }

        Assert.Equal(2, _receiver.Received.Count);
        Assert.All(_receiver.Received[1].Request.Timeseries, t => Assert.Equal(2000, Assert.Single(t.Samples).Timestamp));
        Assert.Equal(10, _receiver.Received[1].SampleCount);
    }

    [Fact]
    public async Task Segments_are_deleted_once_sent_and_the_progress_file_holds_the_position()
    {
        using var wal = WriteAheadLog.Open(_dir, 1L << 30, TimeSpan.FromHours(2), TimeProvider.System, NullLogger.Instance, segmentSize: 300);
        var options = new RemoteWriteOptions
        {
            Url = _receiver.Url,
            Name = "truncate",
            Queue = new QueueOptions { MaxSamplesPerSend = 5, BatchSendDeadline = TimeSpan.FromMilliseconds(20) },
        };
        using var endpoint = new RemoteWriteEndpoint(options, wal, TimeProvider.System, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var run = endpoint.RunAsync(stop.Token, CancellationToken.None);
        var series = new WalSeries(1, LabelSet.From([new("__name__", "m")]));
        for (var i = 1; i <= 40; i++)
        {
            wal.Append([new WalSample(series, i * 1000L, i)]);
        }

        await Poll.UntilAsync(
            () => Task.FromResult(_receiver.Received.Sum(r => r.SampleCount) == 40 && endpoint.Stats.SamplesPending == 0),
            TimeSpan.FromSeconds(30),
            "40 samples written");
        await stop.CancelAsync();
        await run;
        wal.Maintain();

        Assert.True(wal.Stats.SegmentsTruncated > 0, "sent segments are deleted");
        Assert.Single(wal.Segments);
        Assert.Equal(new WalPosition(wal.Segments[0].Index, wal.Segments[0].Length), new WalProgressFile(_dir, "truncate").Load());
        Assert.Equal(Enumerable.Range(1, 40).Select(i => i * 1000L), _receiver.Received.SelectMany(r => r.Request.Timeseries).SelectMany(t => t.Samples).Select(s => s.Timestamp));
    }

    private WriteAheadLog Open() => WriteAheadLog.Open(_dir, 1L << 30, TimeSpan.FromHours(2), TimeProvider.System, NullLogger.Instance);
}
