namespace NodeCollector.Logs;

/// <summary>
/// Classifies the kubelet's file names in a container log directory: <c>&lt;restart&gt;.log</c> (live),
/// <c>&lt;restart&gt;.log.&lt;YYYYMMDD-hhmmss&gt;</c> (rotated) and the same with <c>.gz</c> (compressed);
/// everything else (<c>.tmp</c> leftovers) is <see cref="LogFileKind.Other"/>.
/// </summary>
internal static class LogFileName
{
    public static LogFileKind Classify(string fileName)
    {
        var dot = fileName.IndexOf(".log", StringComparison.Ordinal);
        if (dot <= 0 || !IsDigits(fileName.AsSpan(0, dot)))
        {
            return LogFileKind.Other;
        }

        var rest = fileName.AsSpan(dot + 4);
        if (rest.Length == 0)
        {
            return LogFileKind.Live;
        }

        if (rest[0] != '.' || rest.EndsWith(".tmp", StringComparison.Ordinal))
        {
            return LogFileKind.Other;
        }

        return rest.EndsWith(".gz", StringComparison.Ordinal) ? LogFileKind.Compressed : LogFileKind.Rotated;
    }

    /// <summary>
    /// Orders a container's files oldest first: by restart number, then rotated and compressed files by their
    /// timestamp, then the live file, which is the newest of its restart.
    /// </summary>
    public static int CompareAge(string pathA, string pathB)
    {
        var a = Path.GetFileName(pathA.AsSpan());
        var b = Path.GetFileName(pathB.AsSpan());
        var byRestart = Restart(a).CompareTo(Restart(b));
        if (byRestart != 0)
        {
            return byRestart;
        }

        var aLive = a.EndsWith(".log", StringComparison.Ordinal);
        var bLive = b.EndsWith(".log", StringComparison.Ordinal);
        return aLive != bLive ? (aLive ? 1 : -1) : a.CompareTo(b, StringComparison.Ordinal);
    }

    private static long Restart(ReadOnlySpan<char> fileName)
    {
        var dot = fileName.IndexOf('.');
        return dot > 0 && long.TryParse(fileName[..dot], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : long.MaxValue;
    }

    /// <summary>The name a compressed file had before the kubelet compressed it (<c>0.log.X.gz</c> → <c>0.log.X</c>).</summary>
    public static string Uncompressed(string path) => path.EndsWith(".gz", StringComparison.Ordinal) ? path[..^3] : path;

    private static bool IsDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return text.Length > 0;
    }
}
