using System.Buffers;
using NodeCollector.Labels;
using NodeCollector.Logs;

namespace NodeCollector.Export.Loki;

/// <summary>
/// One push request being filled or sent: entries grouped by stream, their line bytes copied into one pooled arena
/// (no object per entry), and per source the bytes it holds here and the furthest resume offset to acknowledge once
/// Loki has taken the batch. Not thread-safe: the batcher guards it.
/// </summary>
internal sealed class LokiBatch : IDisposable
{
    /// <summary>What an entry is charged against the memory budget beyond its line: its slot in the stream's list.</summary>
    public const int EntryOverhead = 16;

    private readonly Dictionary<LabelSet, LokiBatchStream> _byLabels = [];
    private readonly List<LokiBatchStream> _streams = [];
    private readonly Dictionary<ILogSource, LokiBatchSource> _sources = new(ReferenceEqualityComparer.Instance);
    private byte[] _arena = [];
    private int _arenaLength;

    /// <summary>When the first entry arrived (a <see cref="TimeProvider"/> timestamp), for <c>batch_wait</c>.</summary>
    public long StartedAt { get; private set; }

    public int EntryCount { get; private set; }

    /// <summary>Line bytes plus <see cref="EntryOverhead"/> per entry: what the batch is charged.</summary>
    public long Bytes { get; private set; }

    /// <summary>Line bytes only, as Loki counts them.</summary>
    public long LineBytes => _arenaLength;

    public bool IsEmpty => EntryCount == 0 && _sources.Count == 0;

    public IReadOnlyList<LokiBatchStream> Streams => _streams;

    public IReadOnlyDictionary<ILogSource, LokiBatchSource> Sources => _sources;

    public int StreamCount => _streams.Count;

    public ReadOnlySpan<byte> Line(in LokiBatchEntry entry) => _arena.AsSpan(entry.Offset, entry.Length);

    public bool HasStream(LabelSet labels) => _byLabels.ContainsKey(labels);

    /// <summary>Copies <paramref name="entry"/> into the stream <paramref name="labels"/>.</summary>
    public void Add(ILogSource source, LabelSet labels, in LogEntry entry, long now)
    {
        if (IsEmpty)
        {
            StartedAt = now;
        }

        if (!_byLabels.TryGetValue(labels, out var stream))
        {
            stream = new LokiBatchStream(labels);
            _byLabels.Add(labels, stream);
            _streams.Add(stream);
        }

        var length = entry.Line.Length;
        EnsureArena(length);
        entry.Line.Span.CopyTo(_arena.AsSpan(_arenaLength));
        stream.Add(new LokiBatchEntry(entry.TimestampUnixNanos, _arenaLength, length));
        _arenaLength += length;
        EntryCount++;
        var charged = length + EntryOverhead;
        Bytes += charged;
        Track(source, entry.ResumeOffset, charged);
    }

    /// <summary>Records an entry that is not sent (dropped and counted) so that its source is still acknowledged past it.</summary>
    public void AddSkipped(ILogSource source, long resumeOffset, long now)
    {
        if (IsEmpty)
        {
            StartedAt = now;
        }

        Track(source, resumeOffset, 0);
    }

    public void Dispose()
    {
        if (_arena.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_arena);
            _arena = [];
        }
    }

    private void Track(ILogSource source, long resumeOffset, long bytes)
    {
        _sources.TryGetValue(source, out var held);
        _sources[source] = new LokiBatchSource(held.Bytes + bytes, Math.Max(held.ResumeOffset, resumeOffset));
    }

    private void EnsureArena(int more)
    {
        if (_arenaLength + more <= _arena.Length)
        {
            return;
        }

        var grown = ArrayPool<byte>.Shared.Rent(Math.Max(64 * 1024, Math.Max(_arena.Length * 2, _arenaLength + more)));
        _arena.AsSpan(0, _arenaLength).CopyTo(grown);
        if (_arena.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_arena);
        }

        _arena = grown;
    }
}

/// <summary>One entry of a batch: its timestamp and where its line lies in the batch's arena.</summary>
internal readonly record struct LokiBatchEntry(long TimestampUnixNanos, int Offset, int Length);

/// <summary>What one source has in a batch: bytes charged, and the resume offset to acknowledge after it.</summary>
internal readonly record struct LokiBatchSource(long Bytes, long ResumeOffset);
