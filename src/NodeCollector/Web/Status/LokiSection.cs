using NodeCollector.Export.Loki;

namespace NodeCollector.Web.Status;

/// <summary>The Loki client: what is buffered for the next push, what went, and what Loki refused and why.</summary>
internal sealed class LokiSection(LokiService? loki, string url) : IStatusSection
{
    public string Id => "loki";

    public string Title => "Loki";

    public void Render(HtmlBuilder html)
    {
        if (loki is null)
        {
            html.Empty("Loki is off (no loki.url configured).");
            return;
        }

        var stats = loki.Stats;
        var batcher = loki.Batcher;
        html.TableStart("url", "buffered", "active streams", "waiting writes", "entries sent", "bytes sent", "requests", "retried", "dropped");
        html.Row(
            Config.Redaction.Url(url),
            StatusFormat.Bytes(batcher.BufferedBytes),
            StatusFormat.Count(batcher.ActiveStreams),
            StatusFormat.Count(batcher.WaitingWrites),
            StatusFormat.Count(stats.EntriesSent),
            StatusFormat.Bytes(stats.BytesSent),
            StatusFormat.Count(stats.Requests),
            StatusFormat.Count(stats.RetriedRequests),
            new Cell(StatusFormat.Count(stats.DroppedTotal), stats.DroppedTotal > 0 ? "down" : null));
        html.TableEnd();
        if (stats.DroppedTotal > 0)
        {
            html.TableStart("drop reason", "entries");
            foreach (var reason in LokiDropReasons.All.Where(r => stats.Dropped(r) > 0))
            {
                html.Row(LokiDropReasons.Label(reason), StatusFormat.Count(stats.Dropped(reason)));
            }

            html.TableEnd();
        }
    }
}
