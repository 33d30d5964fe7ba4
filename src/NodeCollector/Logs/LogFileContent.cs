namespace NodeCollector.Logs;

/// <summary>The bytes of one open log file, plain or gzip-compressed, read by offset.</summary>
internal abstract class LogFileContent : IDisposable
{
    /// <summary>Device and inode of the open file (of the compressed file for gzip).</summary>
    public abstract (ulong Device, ulong Inode) DeviceInode { get; }

    /// <summary>The current length in readable (uncompressed) bytes.</summary>
    public abstract long Length { get; }

    public abstract bool IsCompressed { get; }

    /// <summary>Reads at <paramref name="offset"/>; 0 at the end.</summary>
    public abstract int Read(Span<byte> buffer, long offset);

    public abstract void Dispose();
}
