using NodeCollector.Logs;

namespace NodeCollector.Web.Status;

/// <summary>The container log files being tailed: how far each is read and acknowledged by Loki, and how far behind.</summary>
internal sealed class FilesSection(LogsService? logs, string podsDir, DateTimeOffset now) : IStatusSection
{
    public string Id => "files";

    public string Title => "Log files";

    public void Render(HtmlBuilder html)
    {
        if (logs is null)
        {
            html.Empty("Log tailing is off (logs.enabled is false, or no Loki URL to send to).");
            return;
        }

        var tailers = logs.Reconciler?.Tailers ?? [];
        if (tailers.Count == 0)
        {
            html.Empty("No log files are tailed yet.");
            return;
        }

        html.TableStart("file", "read offset", "acknowledged", "size", "lag", "last line", "state");
        foreach (var tailer in tailers.OrderBy(t => t.Path, StringComparer.Ordinal))
        {
            var lastLineMs = tailer.LastTimestampUnixNanos / 1_000_000;
            html.Row(
                Path.GetRelativePath(podsDir, tailer.Path),
                StatusFormat.Count(tailer.ReadOffset),
                StatusFormat.Count(tailer.AckedOffset),
                tailer.LastLength < 0 ? "" : StatusFormat.Bytes(tailer.LastLength),
                new Cell(StatusFormat.Bytes(tailer.LagBytes), tailer.LagBytes > 0 ? "unknown" : null),
                StatusFormat.TimestampMs(lastLineMs, now),
                tailer.Finished ? "finished" : tailer.IsCompressed ? "rotated (gzip)" : "tailing");
        }

        html.TableEnd();
    }
}
