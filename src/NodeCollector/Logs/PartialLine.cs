using System.Buffers;

namespace NodeCollector.Logs;

/// <summary>
/// The chunks of one stream's line being joined: content up to the line size limit (beyond it bytes are counted,
/// not kept), the first chunk's timestamp, the file offset where the line began and when it started waiting.
/// The buffer is pooled and returned when the line is taken.
/// </summary>
internal sealed class PartialLine(int maxLineSize)
{
    private byte[] _buffer = [];

    public bool Pending { get; private set; }

    public int Length { get; private set; }

    public long DroppedBytes { get; private set; }

    public long TimestampUnixNanos { get; private set; }

    /// <summary>File offset of the line that holds the first chunk: where a restart must begin to see this line whole.</summary>
    public long StartOffset { get; private set; }

    /// <summary>File offset just after the last complete chunk appended.</summary>
    public long EndOffset { get; set; }

    /// <summary><see cref="TimeProvider.GetTimestamp"/> when the first chunk arrived, for the partial-line timeout.</summary>
    public long StartedAt { get; private set; }

    public ReadOnlyMemory<byte> Content => _buffer.AsMemory(0, Length);

    public void Append(long timestampUnixNanos, long lineStart, long now, ReadOnlySpan<byte> content)
    {
        if (!Pending)
        {
            Pending = true;
            TimestampUnixNanos = timestampUnixNanos;
            StartOffset = lineStart;
            StartedAt = now;
        }

        var room = maxLineSize - Length;
        var kept = Math.Min(room, content.Length);
        if (kept > 0)
        {
            EnsureCapacity(Length + kept);
            content[..kept].CopyTo(_buffer.AsSpan(Length));
            Length += kept;
        }

        DroppedBytes += content.Length - kept;
    }

    /// <summary>
    /// Cuts the kept content so that <paramref name="marker"/> fits within the size limit, at a UTF-8 character
    /// boundary, and appends the marker. Only for a line whose bytes were dropped.
    /// </summary>
    public void MarkTruncated(ReadOnlySpan<byte> marker)
    {
        var cut = Math.Max(0, Math.Min(Length, maxLineSize - marker.Length));
        while (cut > 0 && cut < Length && (_buffer[cut] & 0xC0) == 0x80)
        {
            cut--;
        }

        EnsureCapacity(cut + marker.Length);
        marker.CopyTo(_buffer.AsSpan(cut));
        DroppedBytes += Length - cut;
        Length = cut + marker.Length;
    }

    /// <summary>Forgets the line; call after its entry was handed on.</summary>
    public void Reset()
    {
        Pending = false;
        Length = 0;
        DroppedBytes = 0;
        if (_buffer.Length > 64 * 1024)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    public void Release()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }

        Pending = false;
        Length = 0;
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _buffer.Length)
        {
            return;
        }

        var grown = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Min(maxLineSize + 64, Math.Max(4096, _buffer.Length * 2))));
        _buffer.AsSpan(0, Length).CopyTo(grown);
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = grown;
    }
}
