using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace NodeCollector.Export.RemoteWrite;

/// <summary><c>GET /api/v1/status/remote_write</c>: the WAL and every endpoint's counters as JSON (no secrets).</summary>
internal static class RemoteWriteStatus
{
    public static async Task WriteAsync(HttpContext context)
    {
        var service = context.RequestServices.GetService<RemoteWriteService>();
        context.Response.ContentType = "application/json";
        using var json = new Utf8JsonWriter(context.Response.BodyWriter, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteBoolean("enabled", service is not null);
        if (service?.Wal is { } wal)
        {
            var w = wal.Stats;
            json.WriteStartObject("wal");
            json.WriteString("dir", wal.Directory);
            json.WriteNumber("size_bytes", w.SizeBytes);
            json.WriteNumber("segments", w.Segments);
            json.WriteNumber("segment_current", w.CurrentSegment);
            json.WriteNumber("samples_appended_total", w.SamplesAppended);
            json.WriteNumber("highest_timestamp_seconds", w.HighestTimestampMs / 1000.0);
            json.WriteNumber("corruptions_total", w.Corruptions);
            json.WriteNumber("corrupt_bytes_total", w.CorruptBytes);
            json.WriteNumber("truncations_total", w.SegmentsTruncated);
            json.WriteNumber("samples_lost_total", w.SamplesLostOnAppend);
            json.WriteEndObject();
        }

        json.WriteStartArray("endpoints");
        foreach (var endpoint in service?.Endpoints ?? [])
        {
            var s = endpoint.Stats;
            json.WriteStartObject();
            json.WriteString("remote_name", endpoint.Options.QueueName);
            json.WriteString("url", Config.Redaction.Url(endpoint.Options.Url));
            json.WriteString("wal_position", endpoint.Watermark.ToString());
            json.WriteNumber("samples_total", s.SamplesSent);
            json.WriteNumber("samples_failed_total", s.SamplesFailed);
            json.WriteNumber("samples_retried_total", s.SamplesRetried);
            json.WriteStartObject("samples_dropped_total");
            json.WriteNumber("write_relabel", s.SamplesDroppedRelabel);
            json.WriteNumber("wal_max_size", s.SamplesDroppedMaxSize);
            json.WriteNumber("wal_max_age", s.SamplesDroppedMaxAge);
            json.WriteNumber("unknown_series", s.SamplesDroppedUnknownSeries);
            json.WriteEndObject();
            json.WriteNumber("samples_pending", s.SamplesPending);
            json.WriteNumber("bytes_total", s.BytesSent);
            json.WriteNumber("queue_highest_sent_timestamp_seconds", s.HighestSentTimestampMs / 1000.0);
            json.WriteNumber("shards", s.Shards);
            json.WriteNumber("shards_desired", s.DesiredShards);
            json.WriteNumber("metadata_total", s.MetadataSent);
            json.WriteNumber("metadata_failed_total", s.MetadataFailed);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
