using Microsoft.Win32.SafeHandles;

namespace NodeCollector.Export.RemoteWrite.Wal;

/// <summary>
/// Reads committed records in order from a position, following the writer from segment to segment. A record
/// that fails its checksum (damage after start) ends its segment for this reader: it moves to the next segment
/// and reports the skipped bytes.
/// </summary>
internal sealed class WalReader : IDisposable
{
    private readonly WriteAheadLog _wal;
    private byte[] _buffer = new byte[64 * 1024];
    private SafeFileHandle? _handle;
    private int _handleSegment = -1;

    public WalReader(WriteAheadLog wal, WalPosition start)
    {
        _wal = wal;
        Position = start;
    }

    /// <summary>Where the next record starts.</summary>
    public WalPosition Position { get; set; }

    /// <summary>
    /// Reads the next committed record. Returns false when there is none yet. <paramref name="skippedBytes"/> is
    /// more than 0 when damage was stepped over.
    /// </summary>
    public bool TryRead(out ReadOnlyMemory<byte> payload, out WalPosition start, out long skippedBytes)
    {
        payload = default;
        skippedBytes = 0;
        while (true)
        {
            start = Position;
            var segments = _wal.Segments;
            var segment = Find(segments, Position.Segment, out var next);
            if (segment is null)
            {
                if (next is null)
                {
                    return false;
                }

                Position = new WalPosition(next.Index, WalFormat.MagicSize);
                continue;
            }

            if (Position.Offset < WalFormat.MagicSize)
            {
                Position = Position with { Offset = WalFormat.MagicSize };
            }

            if (Position.Offset >= segment.Length)
            {
                if (next is null)
                {
                    return false;
                }

                Position = new WalPosition(next.Index, WalFormat.MagicSize);
                continue;
            }

            var handle = Open(segment);
            Span<byte> header = stackalloc byte[WalFormat.HeaderSize];
            var ok = handle is not null && WalSegmentScan.ReadFully(handle, header, Position.Offset) == WalFormat.HeaderSize;
            var (length, crc) = ok ? WalFormat.ReadHeader(header) : (0, 0u);
            ok = ok && length > 0 && Position.Offset + WalFormat.HeaderSize + length <= segment.Length;
            if (ok)
            {
                if (_buffer.Length < length)
                {
                    _buffer = new byte[Math.Max(length, _buffer.Length * 2)];
                }

                ok = WalSegmentScan.ReadFully(handle!, _buffer.AsSpan(0, length), Position.Offset + WalFormat.HeaderSize) == length
                    && WalFormat.Crc32C(_buffer.AsSpan(0, length)) == crc;
            }

            if (!ok)
            {
                // The segment was deleted under us, or damaged after it was checked at start: go on with the next.
                skippedBytes += segment.Length - Position.Offset;
                if (next is null)
                {
                    Position = Position with { Offset = segment.Length };
                    return false;
                }

                Position = new WalPosition(next.Index, WalFormat.MagicSize);
                continue;
            }

            payload = _buffer.AsMemory(0, length);
            Position = Position with { Offset = Position.Offset + WalFormat.HeaderSize + length };
            return true;
        }
    }

    public void Dispose()
    {
        _handle?.Dispose();
        _handle = null;
    }

    private static WalSegment? Find(IReadOnlyList<WalSegment> segments, int index, out WalSegment? next)
    {
        next = null;
        foreach (var segment in segments)
        {
            if (segment.Index == index)
            {
                foreach (var later in segments)
                {
                    if (later.Index > index)
                    {
                        next = later;
                        break;
                    }
                }

                return segment;
            }

            if (segment.Index > index)
            {
                next = segment;
                return null;
            }
        }

        return null;
    }

    private SafeFileHandle? Open(WalSegment segment)
    {
        if (_handleSegment == segment.Index && _handle is not null)
        {
            return _handle;
        }

        _handle?.Dispose();
        _handle = null;
        _handleSegment = -1;
        try
        {
            _handle = File.OpenHandle(segment.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            _handleSegment = segment.Index;
        }
        catch (FileNotFoundException)
        {
            // Deleted by the bounds between the listing and now.
        }

        return _handle;
    }
}
