using System.Diagnostics.Metrics;
using NodeCollector.Metrics;

namespace NodeCollector.Export.Loki;

/// <summary>
/// The Loki client's self-metrics, shaped like Promtail's <c>promtail_*</c> client metrics but named
/// <c>nodecollector_loki_*</c>: observable instruments on <see cref="CollectorMeter"/> reading the live client's
/// <see cref="LokiStats"/> and batcher, plus a request-duration histogram by status code.
/// </summary>
internal static class LokiMetrics
{
    private static readonly Lock Gate = new();
    private static readonly List<(LokiStats Stats, LokiBatcher Batcher)> Clients = [];
    private static readonly Histogram<double> RequestDuration = CollectorMeter.Meter.CreateHistogram(
        "nodecollector_loki_request_duration_seconds",
        unit: null,
        description: "Duration of Loki push requests, by status code (network for a connection error or timeout).",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    private static bool _created;

    public static void Register(LokiStats stats, LokiBatcher batcher)
    {
        lock (Gate)
        {
            Clients.Add((stats, batcher));
            EnsureCreated();
        }
    }

    public static void Unregister(LokiStats stats)
    {
        lock (Gate)
        {
            Clients.RemoveAll(c => ReferenceEquals(c.Stats, stats));
        }
    }

    public static void RecordRequest(int status, TimeSpan duration) =>
        RequestDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("status_code", LokiSender.StatusLabel(status)));

    private static void EnsureCreated()
    {
        if (_created)
        {
            return;
        }

        _created = true;
        var meter = CollectorMeter.Meter;
        Counter(meter, "nodecollector_loki_sent_entries_total", "Log entries Loki stored.", s => s.EntriesSent);
        Counter(meter, "nodecollector_loki_sent_bytes_total", "Line bytes of the log entries Loki stored, before compression.", s => s.BytesSent);
        Counter(meter, "nodecollector_loki_encoded_bytes_total", "Compressed push request bytes sent, every attempt.", s => s.EncodedBytes);
        Counter(meter, "nodecollector_loki_requests_total", "Push requests made, every attempt.", s => s.Requests);
        Counter(meter, "nodecollector_loki_batch_retries_total", "Push requests that failed in a retryable way (429, 5xx, network) and were sent again.", s => s.RetriedRequests);
        Counter(meter, "nodecollector_loki_structured_metadata_trimmed_entries_total", "Log entries sent with structured metadata pairs left out to stay within Loki's limits (128 pairs, 64 KiB).", s => s.MetadataTrimmed);
        meter.CreateObservableCounter(
            "nodecollector_loki_dropped_entries_total",
            () =>
            {
                var all = new List<Measurement<long>>();
                foreach (var (stats, _) in Snapshot())
                {
                    foreach (var reason in LokiDropReasons.All)
                    {
                        all.Add(new Measurement<long>(stats.Dropped(reason), new KeyValuePair<string, object?>("reason", LokiDropReasons.Label(reason))));
                    }
                }

                return all;
            },
            unit: null,
            description: "Log entries not stored, by reason: rejected by Loki with a 400 (out_of_order, too_old, line_too_long, rate_limited, other) or over max_streams (stream_limit).");
        Gauge(meter, "nodecollector_loki_buffered_bytes", "Bytes of log entries held for Loki: batches filling, waiting and in flight.", c => c.Batcher.BufferedBytes);
        Gauge(meter, "nodecollector_loki_streams_active", "Streams with entries held for Loki.", c => c.Batcher.ActiveStreams);
        Gauge(meter, "nodecollector_loki_waiting_writes", "Tailer writes waiting for room in the buffer (backpressure).", c => c.Batcher.WaitingWrites);
    }

    private static void Counter(Meter meter, string name, string help, Func<LokiStats, long> read) =>
        meter.CreateObservableCounter(name, () => Snapshot().Select(c => new Measurement<long>(read(c.Stats))), unit: null, description: help);

    private static void Gauge(Meter meter, string name, string help, Func<(LokiStats Stats, LokiBatcher Batcher), double> read) =>
        meter.CreateObservableGauge(name, () => Snapshot().Select(c => new Measurement<double>(read(c))), unit: null, description: help);

    private static List<(LokiStats Stats, LokiBatcher Batcher)> Snapshot()
    {
        lock (Gate)
        {
            return [.. Clients];
        }
    }
}
