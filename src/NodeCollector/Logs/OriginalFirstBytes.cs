namespace NodeCollector.Logs;

/// <summary>
/// The first bytes (up to <see cref="FileFingerprint.MaxBytes"/>) of a tailed file, kept across its truncation: a
/// copytruncate copy shorter than the fingerprint cannot be matched by fingerprint, only by comparing its bytes with
/// what the original began with. Bytes are taken only when they hash to the tailer's fingerprint, so bytes written
/// after a truncation the tailer has not noticed yet are never taken for the original's. Round thread only.
/// </summary>
internal sealed class OriginalFirstBytes
{
    private byte[] _current = [];
    private LogFileTailer.TruncationPoint? _currentSince;
    private byte[] _beforeTruncation = [];
    private LogFileTailer.TruncationPoint? _truncation;

    /// <summary>Reads the first bytes again when the fingerprint grew or the file was truncated since the last time.</summary>
    public void Refresh(LogFileTailer tailer, LogFileContent content)
    {
        var truncation = tailer.TruncatedFrom;
        if (!ReferenceEquals(truncation, _currentSince))
        {
            _beforeTruncation = _current;
            _truncation = truncation;
            _current = [];
            _currentSince = truncation;
        }

        var fingerprint = tailer.Fingerprint;
        if (_current.Length >= fingerprint.Length)
        {
            return;
        }

        Span<byte> first = stackalloc byte[FileFingerprint.MaxBytes];
        var have = FileFingerprint.ReadFirst(content, first[..fingerprint.Length]);
        if (have == fingerprint.Length && FileFingerprint.Of(first[..have]) == fingerprint && ReferenceEquals(tailer.TruncatedFrom, truncation))
        {
            _current = first[..have].ToArray();
        }
    }

    /// <summary>Whether <paramref name="copy"/> begins with what the original begins with now, over their common length.</summary>
    public bool IsPrefixNow(LogFileContent copy) => IsPrefix(copy, _current);

    /// <summary>
    /// Whether <paramref name="copy"/> begins with what the original began with before <paramref name="truncation"/>,
    /// over their common length; false when those bytes are not known.
    /// </summary>
    public bool IsPrefixBefore(LogFileContent copy, LogFileTailer.TruncationPoint truncation)
    {
        if (ReferenceEquals(truncation, _truncation))
        {
            return IsPrefix(copy, _beforeTruncation);
        }

        // Truncated after the last refresh: what was taken then is what the truncation removed.
        return !ReferenceEquals(truncation, _currentSince) && IsPrefix(copy, _current);
    }

    private static bool IsPrefix(LogFileContent copy, byte[] original)
    {
        Span<byte> first = stackalloc byte[FileFingerprint.MaxBytes];
        var have = FileFingerprint.ReadFirst(copy, first[..original.Length]);
        return have > 0 && first[..have].SequenceEqual(original.AsSpan(0, have));
    }
}
