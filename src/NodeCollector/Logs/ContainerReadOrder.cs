namespace NodeCollector.Logs;

/// <summary>
/// A container's files are read one after another, oldest first, never side by side: Loki rejects a stream's entries
/// older than its newest, so a rotated file's tail must reach it before the new live file's lines.
/// </summary>
internal static class ContainerReadOrder
{
    /// <summary>
    /// The runs of the files in <paramref name="path"/>'s directory that are older than it and still being read. A
    /// newer file means an older one is no longer written (rotated, or its container restarted): it is asked to drain
    /// what is left and finish, as a rotated file is.
    /// </summary>
    public static Task[] OlderStillRead(IEnumerable<TailedFile> tailed, string path)
    {
        var directory = Path.GetDirectoryName(path.AsSpan());
        var older = new List<Task>();
        foreach (var file in tailed)
        {
            if (!file.Tailer.Finished && file.IsIn(directory) && LogFileName.CompareAge(file.Tailer.Path, path) < 0)
            {
                if (!file.Tailer.FinishRequested)
                {
                    file.Tailer.RequestFinish();
                }

                older.Add(file.Run);
            }
        }

        return [.. older];
    }

    /// <summary>Runs <paramref name="tailer"/> once the older files' runs have ended.</summary>
    public static async Task RunAfterAsync(Task[] older, LogFileTailer tailer, CancellationToken token)
    {
        try
        {
            await Task.WhenAll(older).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // An older file's failure is its own tailer's to log; this file is read regardless.
        }

        await tailer.RunAsync(token).ConfigureAwait(false);
    }
}
