using NodeCollector.Export.RemoteWrite;

namespace NodeCollector.Web.Status;

/// <summary>The write-ahead log and every remote-write queue: what waits, what went, what failed or was dropped.</summary>
internal sealed class RemoteWriteSection(RemoteWriteService? service, DateTimeOffset now) : IStatusSection
{
    public string Id => "remote-write";

    public string Title => "Remote write";

    public void Render(HtmlBuilder html)
    {
        if (service is null)
        {
            html.Empty("Remote write is off (no remote_write endpoints configured).");
            return;
        }

        html.Element("h3", "Write-ahead log");
        if (service.Wal is { } wal)
        {
            var w = wal.Stats;
            html.TableStart("directory", "size", "segments", "current segment", "samples appended", "highest timestamp", "corruptions", "samples lost");
            html.Row(
                wal.Directory,
                StatusFormat.Bytes(w.SizeBytes),
                StatusFormat.Count(w.Segments),
                StatusFormat.Count(w.CurrentSegment),
                StatusFormat.Count(w.SamplesAppended),
                StatusFormat.TimestampMs(w.HighestTimestampMs, now),
                StatusFormat.Count(w.Corruptions),
                new Cell(StatusFormat.Count(w.SamplesLostOnAppend), w.SamplesLostOnAppend > 0 ? "down" : null));
            html.TableEnd();
        }
        else
        {
            html.Empty("The WAL is not open yet.");
        }

        html.Element("h3", "Queues");
        html.TableStart("queue", "url", "pending", "sent", "failed", "retried", "dropped", "shards", "highest sent", "WAL position");
        foreach (var endpoint in service.Endpoints)
        {
            var s = endpoint.Stats;
            html.Row(
                endpoint.Options.QueueName,
                Config.Redaction.Url(endpoint.Options.Url),
                StatusFormat.Count(s.SamplesPending),
                StatusFormat.Count(s.SamplesSent),
                new Cell(StatusFormat.Count(s.SamplesFailed), s.SamplesFailed > 0 ? "down" : null),
                StatusFormat.Count(s.SamplesRetried),
                new Cell(StatusFormat.Count(s.SamplesDropped), s.SamplesDropped > 0 ? "down" : null),
                $"{s.Shards} (desired {s.DesiredShards})",
                StatusFormat.TimestampMs(s.HighestSentTimestampMs, now),
                endpoint.Watermark.ToString());
        }

        html.TableEnd();
    }
}
