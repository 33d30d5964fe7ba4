namespace NodeCollector.Files;

/// <summary>
/// A token or password kept in a file (a projected service-account token, a mounted Secret), read again when the
/// file's modification time or size changes, or when asked to (after a 401), so that rotation needs no restart.
/// Surrounding whitespace is trimmed. A read that fails, or finds the file empty, keeps the last good value: a
/// rotation swaps the file by a rename, and some volumes show it briefly absent or empty. Thread-safe; the value
/// never appears in what it reports.
/// </summary>
internal sealed class SecretFile(string path)
{
    private readonly Lock _lock = new();
    private (DateTime Modified, long Length) _stamp;
    private string? _value;

    public string Path => path;

    /// <summary>The current value (null until a read has succeeded), reading the file again if it changed or <paramref name="force"/>.</summary>
    public SecretFileRead Read(bool force = false)
    {
        lock (_lock)
        {
            try
            {
                var info = new FileInfo(path);
                var stamp = (info.LastWriteTimeUtc, info.Length);
                if (_value is not null && stamp == _stamp && !force)
                {
                    return new SecretFileRead(_value, Replaced: false, Problem: null);
                }

                var value = File.ReadAllText(path).Trim();
                _stamp = stamp;
                if (value.Length == 0 && _value is { Length: > 0 })
                {
                    return new SecretFileRead(_value, Replaced: false, Problem: "the file is empty; the previous value is kept");
                }

                var replaced = _value is not null && !string.Equals(value, _value, StringComparison.Ordinal);
                _value = value;
                return new SecretFileRead(value, replaced, Problem: null);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return new SecretFileRead(_value, Replaced: false, e.Message);
            }
        }
    }
}

/// <summary>What <see cref="SecretFile.Read"/> found: the value to use, whether a re-read replaced an earlier one, and why the file could not be used now.</summary>
internal readonly record struct SecretFileRead(string? Value, bool Replaced, string? Problem);
