namespace NodeCollector.Export.RemoteWrite;

/// <summary>
/// A token or password kept in a file (a projected service-account token, a mounted Secret): read again when the
/// file's modification time or size changes, so rotation needs no restart. Surrounding whitespace is trimmed.
/// </summary>
internal sealed class FileSecret
{
    private readonly string _path;
    private readonly Lock _lock = new();
    private (DateTime Modified, long Length) _stamp;
    private string? _value;

    public FileSecret(string path)
    {
        _path = path;
    }

    /// <summary>The current contents; the last good value when the file cannot be read right now.</summary>
    public string? Read()
    {
        lock (_lock)
        {
            try
            {
                var info = new FileInfo(_path);
                var stamp = (info.LastWriteTimeUtc, info.Length);
                if (_value is null || stamp != _stamp)
                {
                    _value = File.ReadAllText(_path).Trim();
                    _stamp = stamp;
                }
            }
            catch (IOException)
            {
                // Keep the last value: a rotation replaces the file by rename, briefly absent on some volumes.
            }
            catch (UnauthorizedAccessException)
            {
                // As above.
            }

            return _value;
        }
    }
}
