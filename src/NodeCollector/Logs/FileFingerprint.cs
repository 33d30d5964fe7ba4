namespace NodeCollector.Logs;

/// <summary>
/// FNV-1a hash of a file's first bytes (up to <see cref="MaxBytes"/>), recorded with how many bytes it covers, so an
/// inode reused by a new file is told apart from the file that had it.
/// </summary>
internal readonly record struct FileFingerprint(ulong Hash, int Length)
{
    public const int MaxBytes = 256;

    public static FileFingerprint Of(ReadOnlySpan<byte> firstBytes)
    {
        var bytes = firstBytes[..Math.Min(firstBytes.Length, MaxBytes)];
        var hash = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return new FileFingerprint(hash, bytes.Length);
    }

    /// <summary>The fingerprint of <paramref name="content"/>'s first <paramref name="length"/> bytes (fewer if it is shorter).</summary>
    public static FileFingerprint Read(LogFileContent content, int length)
    {
        Span<byte> first = stackalloc byte[MaxBytes];
        return Of(first[..ReadFirst(content, first[..Math.Min(length, MaxBytes)])]);
    }

    /// <summary>Fills <paramref name="first"/> with <paramref name="content"/>'s first bytes; how many there were.</summary>
    public static int ReadFirst(LogFileContent content, Span<byte> first)
    {
        var have = 0;
        while (have < first.Length)
        {
            var read = content.Read(first[have..], have);
            if (read == 0)
            {
                break;
            }

            have += read;
        }

        return have;
    }
}
