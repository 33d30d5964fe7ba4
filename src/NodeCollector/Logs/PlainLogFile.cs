using Microsoft.Win32.SafeHandles;
using Mono.Unix.Native;

namespace NodeCollector.Logs;

/// <summary>
/// A plain log file held open by handle, read by position: the handle keeps reading the same inode after the file is
/// renamed away or deleted, which is what lets a rotated file be read to its end.
/// </summary>
internal sealed class PlainLogFile : LogFileContent
{
    private readonly SafeFileHandle _handle;

    private PlainLogFile(SafeFileHandle handle, ulong device, ulong inode)
    {
        _handle = handle;
        DeviceInode = (device, inode);
    }

    public override (ulong Device, ulong Inode) DeviceInode { get; }

    public override long Length => RandomAccess.GetLength(_handle);

    public override bool IsCompressed => false;

    /// <summary>Opens <paramref name="path"/> sharing read, write and delete with the writer and the kubelet.</summary>
    public static PlainLogFile Open(string path)
    {
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        try
        {
            var (device, inode) = DeviceInodeOf(handle);
            return new PlainLogFile(handle, device, inode);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public static (ulong Device, ulong Inode) DeviceInodeOf(SafeFileHandle handle)
    {
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            if (Syscall.fstat((int)handle.DangerousGetHandle(), out var stat) != 0)
            {
                throw new IOException("fstat failed: " + Stdlib.GetLastError());
            }

            return (stat.st_dev, stat.st_ino);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>Device and inode of the file at <paramref name="path"/> without opening it; false when it is gone.</summary>
    public static bool TryStat(string path, out ulong device, out ulong inode, out (long Size, long ModifiedNanos) change)
    {
        if (Syscall.stat(path, out var stat) != 0)
        {
            device = inode = 0;
            change = default;
            return false;
        }

        device = stat.st_dev;
        inode = stat.st_ino;
        change = (stat.st_size, (stat.st_mtime * 1_000_000_000L) + stat.st_mtime_nsec);
        return true;
    }

    public override int Read(Span<byte> buffer, long offset) => RandomAccess.Read(_handle, buffer, offset);

    public override void Dispose() => _handle.Dispose();
}
