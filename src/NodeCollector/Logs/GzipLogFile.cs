using System.Buffers.Binary;
using System.IO.Compression;

namespace NodeCollector.Logs;

/// <summary>
/// A gzip-compressed rotated log file read as its uncompressed bytes, forward only. Its length is the gzip trailer's
/// ISIZE (the uncompressed size modulo 2^32, exact for rotated files under 4 GiB). Reading before the current
/// position starts the decompression over.
/// </summary>
internal sealed class GzipLogFile : LogFileContent
{
    private readonly FileStream _file;
    private GZipStream _gzip;
    private long _position;

    private GzipLogFile(FileStream file, (ulong, ulong) deviceInode, long length)
    {
        _file = file;
        DeviceInode = deviceInode;
        Length = length;
        _gzip = new GZipStream(file, CompressionMode.Decompress, leaveOpen: true);
    }

    public override (ulong Device, ulong Inode) DeviceInode { get; }

    public override long Length { get; }

    public override bool IsCompressed => true;

    public static GzipLogFile Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        try
        {
            return new GzipLogFile(file, PlainLogFile.DeviceInodeOf(file.SafeFileHandle), UncompressedSize(file));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The ISIZE field of the last gzip member; 0 for a file too short to hold one.</summary>
    public static long UncompressedSize(FileStream file)
    {
        if (file.Length < 18)
        {
            return 0;
        }

        Span<byte> trailer = stackalloc byte[4];
        RandomAccess.Read(file.SafeFileHandle, trailer, file.Length - 4);
        return BinaryPrimitives.ReadUInt32LittleEndian(trailer);
    }

    public override int Read(Span<byte> buffer, long offset)
    {
        if (offset < _position)
        {
            _gzip.Dispose();
            _file.Position = 0;
            _gzip = new GZipStream(_file, CompressionMode.Decompress, leaveOpen: true);
            _position = 0;
        }

        Span<byte> skip = stackalloc byte[4096];
        while (_position < offset)
        {
            var skipped = _gzip.Read(skip[..(int)Math.Min(skip.Length, offset - _position)]);
            if (skipped == 0)
            {
                return 0;
            }

            _position += skipped;
        }

        var read = _gzip.Read(buffer);
        _position += read;
        return read;
    }

    public override void Dispose()
    {
        _gzip.Dispose();
        _file.Dispose();
    }
}
