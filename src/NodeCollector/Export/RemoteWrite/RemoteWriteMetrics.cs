using System.Diagnostics.Metrics;
using NodeCollector.Export.RemoteWrite.Wal;
using NodeCollector.Metrics;

namespace NodeCollector.Export.RemoteWrite;

/// <summary>
/// The self-metrics of remote write, named and labelled (<c>remote_name</c>, <c>url</c>) like Prometheus'
/// <c>prometheus_remote_storage_*</c> so its dashboards and alerts apply, plus <c>nodecollector_wal_*</c> for the
/// WAL. Observable instruments on <see cref="CollectorMeter"/> read the live endpoints' counters.
/// </summary>
internal static class RemoteWriteMetrics
{
    private static readonly Lock Gate = new();
    private static readonly List<RemoteWriteEndpoint> Endpoints = [];
    private static readonly List<WalStats> Wals = [];
    private static bool _created;

    public static void Register(RemoteWriteEndpoint endpoint)
    {
        lock (Gate)
        {
            Endpoints.Add(endpoint);
            EnsureCreated();
        }
    }

    public static void Unregister(RemoteWriteEndpoint endpoint)
    {
        lock (Gate)
        {
            Endpoints.Remove(endpoint);
        }
    }

    public static void Register(WalStats wal)
    {
        lock (Gate)
        {
            Wals.Add(wal);
            EnsureCreated();
        }
    }

    public static void Unregister(WalStats wal)
    {
        lock (Gate)
        {
            Wals.Remove(wal);
        }
    }

    private static void EnsureCreated()
    {
        if (_created)
        {
            return;
        }

        _created = true;
        var meter = CollectorMeter.Meter;
        const string Prefix = "prometheus_remote_storage_";
        Counter(meter, Prefix + "samples_total", "Total number of samples sent to remote storage (every attempt, retries included).", s => s.SamplesSent);
        Counter(meter, Prefix + "samples_failed_total", "Total number of samples which failed on send to remote storage, non-recoverable errors.", s => s.SamplesFailed);
        Counter(meter, Prefix + "samples_retried_total", "Total number of samples which failed on send to remote storage but were retried because the send error was recoverable.", s => s.SamplesRetried);
        meter.CreateObservableCounter(
            Prefix + "samples_dropped_total",
            () => Each<long>(e => [
                Measure(e.Stats.SamplesDroppedRelabel, e, "write_relabel"),
                Measure(e.Stats.SamplesDroppedMaxSize, e, "wal_max_size"),
                Measure(e.Stats.SamplesDroppedMaxAge, e, "wal_max_age"),
                Measure(e.Stats.SamplesDroppedUnknownSeries, e, "unknown_series"),
            ]),
            unit: null,
            description: "Total number of samples which were dropped after being read from the WAL before being sent via remote write, by reason.");
        Gauge(meter, Prefix + "samples_pending", "The number of samples pending in the queues shards to be sent to the remote storage.", e => e.Stats.SamplesPending);
        Counter(meter, Prefix + "bytes_total", "The total number of bytes of data (not metadata) sent by the queue after compression, every attempt.", s => s.BytesSent);
        Gauge(meter, Prefix + "queue_highest_sent_timestamp_seconds", "Timestamp from a WAL sample, the highest timestamp successfully sent by this queue, in seconds since epoch.", e => e.Stats.HighestSentTimestampMs / 1000.0);
        Gauge(meter, Prefix + "shards", "The number of shards used for parallel sending to the remote storage.", e => e.Stats.Shards);
        Gauge(meter, Prefix + "shards_desired", "The number of shards that the queues shard calculation wants to run based on the rate of samples in vs. samples out.", e => e.Stats.DesiredShards);
        Gauge(meter, Prefix + "shards_min", "The minimum number of shards that the queue is allowed to run.", e => e.Options.Queue.MinShards);
        Gauge(meter, Prefix + "shards_max", "The maximum number of shards that the queue is allowed to run.", e => e.Options.Queue.MaxShards);
        Gauge(meter, Prefix + "shard_capacity", "The capacity of each shard of the queue used for parallel sending to the remote storage.", e => e.Options.Queue.Capacity);
        Gauge(meter, Prefix + "max_samples_per_send", "The maximum number of samples to be sent, in a single request, to the remote storage.", e => e.Options.Queue.MaxSamplesPerSend);
        Counter(meter, Prefix + "metadata_total", "Total number of metadata entries sent to remote storage.", s => s.MetadataSent);
        Counter(meter, Prefix + "metadata_failed_total", "Total number of metadata entries which failed on send to remote storage, non-recoverable errors.", s => s.MetadataFailed);
        Counter(meter, Prefix + "metadata_retried_total", "Total number of metadata entries which failed on send to remote storage but were retried because the send error was recoverable.", s => s.MetadataRetried);
        Counter(meter, Prefix + "metadata_bytes_total", "The total number of bytes of metadata sent by the queue after compression.", s => s.MetadataBytes);
        meter.CreateObservableGauge(
            Prefix + "highest_timestamp_in_seconds",
            () => EachWal(w => new Measurement<double>(w.HighestTimestampMs / 1000.0)),
            unit: null,
            description: "Highest timestamp that has come into the remote storage via the Appender interface, in seconds since epoch.");

        WalGauge(meter, "nodecollector_wal_size_bytes", "Bytes in the remote-write WAL's segments.", w => w.SizeBytes);
        WalGauge(meter, "nodecollector_wal_segments", "Number of remote-write WAL segments on disk.", w => w.Segments);
        WalGauge(meter, "nodecollector_wal_segment_current", "Index of the WAL segment being written.", w => w.CurrentSegment);
        WalCounter(meter, "nodecollector_wal_samples_appended_total", "Samples appended to the remote-write WAL.", w => w.SamplesAppended);
        WalCounter(meter, "nodecollector_wal_corruptions_total", "Torn or damaged WAL segment tails cut at the last good record, and unreadable segments removed.", w => w.Corruptions);
        WalCounter(meter, "nodecollector_wal_corrupt_bytes_total", "WAL bytes lost to torn or damaged records.", w => w.CorruptBytes);
        WalCounter(meter, "nodecollector_wal_truncations_total", "WAL segments deleted after every endpoint had sent them.", w => w.SegmentsTruncated);
        WalCounter(meter, "nodecollector_wal_append_failures_total", "WAL appends the disk refused.", w => w.AppendFailures);
        WalCounter(meter, "nodecollector_wal_samples_lost_total", "Samples lost because the disk refused their WAL append.", w => w.SamplesLostOnAppend);
    }

    private static void Counter(Meter meter, string name, string help, Func<RemoteWriteStats, long> read) =>
        meter.CreateObservableCounter(name, () => Each<long>(e => [Measure(read(e.Stats), e)]), unit: null, description: help);

    private static void Gauge(Meter meter, string name, string help, Func<RemoteWriteEndpoint, double> read) =>
        meter.CreateObservableGauge(name, () => Each<double>(e => [new Measurement<double>(read(e), Tags(e))]), unit: null, description: help);

    private static void WalGauge(Meter meter, string name, string help, Func<WalStats, double> read) =>
        meter.CreateObservableGauge(name, () => EachWal(w => new Measurement<double>(read(w))), unit: null, description: help);

    private static void WalCounter(Meter meter, string name, string help, Func<WalStats, long> read) =>
        meter.CreateObservableCounter(name, () => EachWal(w => new Measurement<long>(read(w))), unit: null, description: help);

    private static Measurement<long> Measure(long value, RemoteWriteEndpoint endpoint, string? reason = null)
    {
        var tags = Tags(endpoint);
        return reason is null ? new Measurement<long>(value, tags) : new Measurement<long>(value, [.. tags, new("reason", reason)]);
    }

    private static KeyValuePair<string, object?>[] Tags(RemoteWriteEndpoint endpoint) =>
        [new("remote_name", endpoint.Options.QueueName), new("url", Config.Redaction.Url(endpoint.Options.Url))];

    private static List<Measurement<T>> Each<T>(Func<RemoteWriteEndpoint, Measurement<T>[]> measure)
        where T : struct
    {
        var all = new List<Measurement<T>>();
        lock (Gate)
        {
            foreach (var endpoint in Endpoints)
            {
                all.AddRange(measure(endpoint));
            }
        }

        return all;
    }

    private static List<Measurement<T>> EachWal<T>(Func<WalStats, Measurement<T>> measure)
        where T : struct
    {
        var all = new List<Measurement<T>>();
        lock (Gate)
        {
            foreach (var wal in Wals)
            {
                all.Add(measure(wal));
            }
        }

        return all;
    }
}
