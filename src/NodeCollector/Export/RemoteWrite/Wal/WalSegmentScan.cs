using Microsoft.Win32.SafeHandles;

namespace NodeCollector.Export.RemoteWrite.Wal;

/// <summary>
/// Walks the records of a segment file from an offset, checking lengths and checksums, without decoding the
/// samples. Used to repair a torn or corrupt tail at start and to count the samples a dropped segment still held.
/// </summary>
internal static class WalSegmentScan
{
    /// <summary>The result of a scan: where the last good record ends, and what the good records hold.</summary>
    public readonly record struct Result(bool ValidMagic, long ValidLength, long FileLength, long Samples, long LastAppendMs);

    public static Result Scan(string path, long fromOffset = -1)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var fileLength = RandomAccess.GetLength(handle);
        Span<byte> magic = stackalloc byte[8];
        if (fileLength < WalFormat.MagicSize || RandomAccess.Read(handle, magic, 0) < 8 || !magic.SequenceEqual(WalFormat.Magic))
        {
            return new Result(false, 0, fileLength, 0, 0);
        }

        var offset = Math.Max(fromOffset, WalFormat.MagicSize);
        long samples = 0;
        long lastAppend = 0;
        var buffer = new byte[64 * 1024];
        Span<byte> header = stackalloc byte[WalFormat.HeaderSize];
        while (offset + WalFormat.HeaderSize <= fileLength)
        {
            if (RandomAccess.Read(handle, header, offset) < WalFormat.HeaderSize)
            {
                break;
            }

            var (length, crc) = WalFormat.ReadHeader(header);
            if (length <= 0 || length > WalFormat.MaxPayloadSize || offset + WalFormat.HeaderSize + length > fileLength)
            {
                break;
            }

            if (buffer.Length < length)
            {
                buffer = new byte[Math.Max(length, buffer.Length * 2)];
            }

            var payload = buffer.AsSpan(0, length);
            if (ReadFully(handle, payload, offset + WalFormat.HeaderSize) < length
                || WalFormat.Crc32C(payload) != crc
                || !WalFormat.TryReadCommitSummary(payload, out var count, out var appendMs))
            {
                break;
            }

            samples += count;
            lastAppend = Math.Max(lastAppend, appendMs);
            offset += WalFormat.HeaderSize + length;
        }

        return new Result(true, offset, fileLength, samples, lastAppend);
    }

    public static int ReadFully(SafeFileHandle handle, Span<byte> destination, long offset)
    {
        var total = 0;
        while (total < destination.Length)
        {
            var read = RandomAccess.Read(handle, destination[total..], offset + total);
            if (read <= 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
