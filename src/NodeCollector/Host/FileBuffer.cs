namespace NodeCollector.Host;

/// <summary>
/// Reads whole (proc, sys) files into one reusable buffer. A file larger than <see cref="MaxFileSize"/> is refused
/// rather than read, so a runaway or hostile file cannot make a collection allocate without bound.
/// </summary>
internal sealed class FileBuffer
{
    public const int MaxFileSize = 8 * 1024 * 1024;

    private byte[] _buffer;

    public FileBuffer(int initialSize = 4096)
    {
        _buffer = new byte[initialSize];
    }

    /// <summary>The content of <paramref name="path"/>, valid until the next read; false with a reason when it cannot be read.</summary>
    public bool TryRead(string path, out ReadOnlySpan<byte> content, out string? failure)
    {
        content = default;
        failure = null;
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var length = 0;
            while (true)
            {
                if (length == _buffer.Length)
                {
                    if (_buffer.Length >= MaxFileSize)
                    {
                        failure = $"{path}: larger than {MaxFileSize} bytes";
                        return false;
                    }

                    Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, MaxFileSize));
                }

                // Proc files are generated on read and report no size; read until the end.
                var read = RandomAccess.Read(handle, _buffer.AsSpan(length), length);
                if (read == 0)
                {
                    content = _buffer.AsSpan(0, length);
                    return true;
                }

                length += read;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Our own wording: the build strips the runtime's exception messages to resource keys.
            failure = e switch
            {
                FileNotFoundException or DirectoryNotFoundException => $"{path}: no such file",
                UnauthorizedAccessException => $"{path}: permission denied",
                _ => $"{path}: read failed ({e.GetType().Name}, HRESULT 0x{e.HResult:x8})",
            };
            return false;
        }
    }

    /// <summary>A one-value (sysfs attribute) file without surrounding white space.</summary>
    public bool TryReadValue(string path, out ReadOnlySpan<byte> value, out string? failure)
    {
        if (!TryRead(path, out value, out failure))
        {
            return false;
        }

        value = value.Trim(" \t\n\0"u8);
        return true;
    }
}
