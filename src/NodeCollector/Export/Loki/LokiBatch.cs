using System.Runtime.InteropServices;
using NodeCollector.Labels;
using NodeCollector.Logs;

namespace NodeCollector.Export.Loki;

/// <summary>
/// One push request being filled or sent: entries grouped by stream, their line bytes copied one after another into
/// 64 KiB chunks from the batcher's <see cref="LokiChunkPool"/> (no object per entry, no copying as the batch grows, and
/// a line longer than a chunk gets an array of its own), and per source the bytes it holds here and the furthest resume offset to acknowledge once
/// Loki has taken the batch. Not thread-safe: the batcher guards it.
/// </summary>
internal sealed class LokiBatch : IDisposable
{
    /// <summary>What an entry is charged against the memory budget beyond its line: its slot in the stream's list.</summary>
    public const int EntryOverhead = 16;

    private const int ChunkBits = 16;

    private readonly Dictionary<LabelSet, LokiBatchStream> _byLabels = [];
    private readonly List<LokiBatchStream> _streams = [];
    private readonly Dictionary<ILogSource, LokiBatchSource> _sources = new(ReferenceEqualityComparer.Instance);
    private readonly LokiChunkPool _chunkPool;
    private readonly List<byte[]> _chunks = [];
    private readonly Stack<LokiBatchEntry[]> _spareEntries = new();
    private int _chunkUsed = LokiChunkPool.ChunkSize;

    /// <param name="chunkPool">Where chunks come from and go back to; by default a pool of its own that keeps none.</param>
    public LokiBatch(LokiChunkPool? chunkPool = null) => _chunkPool = chunkPool ?? new LokiChunkPool(0);

    /// <summary>When the first entry arrived (a <see cref="TimeProvider"/> timestamp), for <c>batch_wait</c>.</summary>
    public long StartedAt { get; private set; }

    public int EntryCount { get; private set; }

    /// <summary>Line bytes plus <see cref="EntryOverhead"/> per entry: what the batch is charged.</summary>
    public long Bytes { get; private set; }

    /// <summary>Line bytes only, as Loki counts them.</summary>
    public long LineBytes { get; private set; }

    /// <summary>Entries whose structured metadata was trimmed to Loki's per-entry limits.</summary>
    public int MetadataTrimmedEntries { get; private set; }

    public bool IsEmpty => EntryCount == 0 && _sources.Count == 0;

    public IReadOnlyList<LokiBatchStream> Streams => _streams;

    public IReadOnlyDictionary<ILogSource, LokiBatchSource> Sources => _sources;

    public int StreamCount => _streams.Count;

    public ReadOnlySpan<byte> Line(in LokiBatchEntry entry) =>
        _chunks[entry.Position >> ChunkBits].AsSpan(entry.Position & (LokiChunkPool.ChunkSize - 1), entry.Length);

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
            stream = new LokiBatchStream(labels, _spareEntries.TryPop(out var entries) ? entries : null);
            _byLabels.Add(labels, stream);
            _streams.Add(stream);
        }

        var length = entry.Line.Length;
        var position = Store(entry.Line.Span);
        stream.Add(new LokiBatchEntry(entry.TimestampUnixNanos, position, length));
        if (stream.MetadataLeftOut > 0)
        {
            MetadataTrimmedEntries++;
        }

        LineBytes += length;
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

    /// <summary>
    /// Empties the batch for reuse: its chunks go back to the pool, and its streams' entry arrays are kept for the
    /// streams of the next use (up to twice the entries this batch held), so refilling a batch allocates little.
    /// </summary>
    public void Clear()
    {
        ReturnChunks();
        var keep = Math.Max(2L * EntryCount, 1024);
        var unused = _spareEntries.ToArray();
        _spareEntries.Clear();
        foreach (var entries in _streams.Select(s => s.TakeEntries()).Concat(unused))
        {
            if (entries.Length <= keep)
            {
                keep -= entries.Length;
                _spareEntries.Push(entries);
            }
        }

        _streams.Clear();
        _byLabels.Clear();
        _sources.Clear();
        (StartedAt, EntryCount, Bytes, LineBytes, MetadataTrimmedEntries) = (0, 0, 0, 0, 0);
    }

    public void Dispose() => ReturnChunks();

    private void ReturnChunks()
    {
        foreach (var chunk in _chunks)
        {
            _chunkPool.Return(chunk);
        }

        _chunks.Clear();
        _chunkUsed = LokiChunkPool.ChunkSize;
    }

    private void Track(ILogSource source, long resumeOffset, long bytes)
    {
        ref var held = ref CollectionsMarshal.GetValueRefOrAddDefault(_sources, source, out _);
        held = new LokiBatchSource(held.Bytes + bytes, Math.Max(held.ResumeOffset, resumeOffset));
    }

    /// <summary>Copies <paramref name="line"/> into the current chunk, or a new one when it does not fit; returns its position.</summary>
    private int Store(ReadOnlySpan<byte> line)
    {
        // A full chunk is left even for an empty line, so that positions stay distinct and growing.
        if (_chunkUsed == LokiChunkPool.ChunkSize || _chunkUsed + line.Length > LokiChunkPool.ChunkSize)
        {
            _chunks.Add(line.Length > LokiChunkPool.ChunkSize ? new byte[line.Length] : _chunkPool.Rent());
            _chunkUsed = 0;
        }

        var position = ((_chunks.Count - 1) << ChunkBits) | _chunkUsed;
        line.CopyTo(_chunks[^1].AsSpan(_chunkUsed));
        _chunkUsed = line.Length > LokiChunkPool.ChunkSize ? LokiChunkPool.ChunkSize : _chunkUsed + line.Length;
        return position;
    }
}

/// <summary>
/// One entry of a batch: its timestamp and where its line lies, as chunk index times the chunk size plus the offset
/// in the chunk (so positions grow with arrival order).
/// </summary>
internal readonly record struct LokiBatchEntry(long TimestampUnixNanos, int Position, int Length);

/// <summary>What one source has in a batch: bytes charged, and the resume offset to acknowledge after it.</summary>
internal readonly record struct LokiBatchSource(long Bytes, long ResumeOffset);
