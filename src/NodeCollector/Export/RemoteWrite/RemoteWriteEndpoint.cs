using Microsoft.Extensions.Logging;
using NodeCollector.Config;
using NodeCollector.Export.RemoteWrite.Wal;

namespace NodeCollector.Export.RemoteWrite;

/// <summary>
/// One <c>remote_write</c> endpoint (Prometheus' queue manager): reads the WAL from where it left off, applies
/// <c>write_relabel_configs</c>, spreads samples over shards by series (so each series stays in order), scales the
/// shards with the backlog, and records how far it got so a restart resumes there.
/// </summary>
internal sealed class RemoteWriteEndpoint : IWalConsumer, IDisposable
{
    private static readonly TimeSpan ShardUpdateInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(200);

    private readonly WriteAheadLog _wal;
    private readonly ILogger _logger;
    private readonly Lock _readLock = new();
    private readonly WalReader _reader;
    private RecordTracker _tracker;
    private readonly WalProgressFile _progress;
    private readonly EndpointSeriesTable _series;
    private readonly List<QueuedSample> _decoded = [];
    private readonly RemoteWriteClient _client;
    private readonly ShardScaler _scaler;
    private RemoteWriteShard[] _shards = [];
    private CancellationTokenSource _abort = new();
    private WalPosition _savedWatermark;
    private long _lastProgressTicks;
    private long _lastShardUpdateTicks;
    private long _lastSuccessMs;
    private bool _ran;

    public RemoteWriteEndpoint(RemoteWriteOptions options, WriteAheadLog wal, TimeProvider time, ILogger logger, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(wal);
        Options = options;
        _wal = wal;
        Time = time;
        _logger = logger;
        Warnings = new RemoteWriteWarnings(logger, time, options.QueueName);
        _series = new EndpointSeriesTable(options.WriteRelabelConfigs, Stats);
        _client = new RemoteWriteClient(options, time, handler);
        _scaler = new ShardScaler(options.Queue.MinShards, options.Queue.MaxShards);
        _progress = new WalProgressFile(wal.Directory, options.QueueName);
        var start = StartPosition(_progress.Load(), wal.Segments);
        _savedWatermark = start;
        _reader = new WalReader(wal, start);
        _tracker = new RecordTracker(start);
        LoadDefinitionsBefore(start);
        Stats.Shards = options.Queue.MinShards;
        Stats.DesiredShards = options.Queue.MinShards;
        wal.AddConsumer(this);
    }

    public RemoteWriteOptions Options { get; }

    public RemoteWriteStats Stats { get; } = new();

    public TimeProvider Time { get; }

    public RemoteWriteWarnings Warnings { get; }

    public WalStats WalStats => _wal.Stats;

    public RemoteWriteClient Client => _client;

    public WalPosition Watermark => _tracker.Watermark;

    /// <summary>
    /// Reads and sends until <paramref name="stopReading"/>; then the shards send what they hold until
    /// <paramref name="abort"/>, and the position is saved. Unsent samples stay in the WAL for the next start.
    /// </summary>
    public async Task RunAsync(CancellationToken stopReading, CancellationToken abort)
    {
        if (_ran)
        {
            // Run again after a failure: whatever was in flight is read again from the watermark (sent at least once).
            ResetToWatermark();
        }

        _ran = true;
        _abort.Dispose();
        _abort = CancellationTokenSource.CreateLinkedTokenSource(abort);
        _lastSuccessMs = Time.GetUtcNow().ToUnixTimeMilliseconds();
        _lastShardUpdateTicks = Time.GetTimestamp();
        StartShards(Options.Queue.MinShards);
        try
        {
            while (!stopReading.IsCancellationRequested)
            {
                var appended = _wal.NextAppend;
                if (!ReadRecords())
                {
                    await WaitAsync(appended, stopReading).ConfigureAwait(false);
                    await MaintainAsync().ConfigureAwait(false);
                    continue;
                }

                var shards = _shards;
                foreach (var sample in _decoded)
                {
                    await shards[(int)(sample.Series.Hash % (ulong)shards.Length)].EnqueueAsync(sample, stopReading).ConfigureAwait(false);
                }

                _decoded.Clear();
                await MaintainAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopReading.IsCancellationRequested)
        {
            // Stopping while a shard was full: the record stays unfinished and is read again after a restart.
        }
        finally
        {
            await StopShardsAsync().ConfigureAwait(false);
            SaveProgress(force: true);
        }
    }

    public void OnSegmentDropping(WalSegment segment, WalDropReason reason)
    {
        lock (_readLock)
        {
            var position = _reader.Position;
            if (position.Segment > segment.Index)
            {
                return;
            }

            var from = position.Segment == segment.Index ? position.Offset : 0;
            var lost = from >= segment.Length ? 0 : WalSegmentScan.Scan(segment.Path, from).Samples;
            if (lost > 0)
            {
                Stats.AddDroppedByBound(reason, lost);
                Log.SegmentDroppedUnsent(_logger, Options.QueueName, lost, WalFormat.SegmentName(segment.Index),
                    reason == WalDropReason.MaxSize ? "wal.max_size" : "wal.max_age");
            }

            var next = new WalPosition(segment.Index + 1, WalFormat.MagicSize);
            _reader.Position = next;
            _tracker.Skip(next);
        }
    }

    /// <summary>Records the duration of one request attempt of <paramref name="samples"/> samples (for shard scaling).</summary>
    public void ObserveSendDuration(TimeSpan duration, int samples) => _scaler.ObserveSend(duration, samples);

    public void MarkSuccess() => Interlocked.Exchange(ref _lastSuccessMs, Time.GetUtcNow().ToUnixTimeMilliseconds());

    /// <summary>A batch is written or given up: its samples no longer hold their WAL records.</summary>
    public void Done(ReadOnlySpan<QueuedSample> samples)
    {
        _tracker.Complete(samples);
        Stats.AddPending(-samples.Length);
        _scaler.ObserveDone(samples.Length);
    }

    public void Dispose()
    {
        _wal.RemoveConsumer(this);
        _reader.Dispose();
        _client.Dispose();
        _abort.Dispose();
    }

    private static WalPosition StartPosition(WalPosition? saved, IReadOnlyList<WalSegment> segments)
    {
        var oldest = new WalPosition(segments[0].Index, WalFormat.MagicSize);
        if (saved is not { } position || position < oldest)
        {
            return oldest;
        }

        foreach (var segment in segments)
        {
            if (segment.Index == position.Segment)
            {
                return position with { Offset = Math.Clamp(position.Offset, WalFormat.MagicSize, segment.Length) };
            }
        }

        // Past every segment there is (the WAL directory was replaced): start at its oldest.
        return oldest;
    }

    private void ResetToWatermark()
    {
        lock (_readLock)
        {
            var watermark = _tracker.Watermark;
            _decoded.Clear();
            Stats.AddPending(-Stats.SamplesPending);
            _reader.Position = watermark;
            _tracker = new RecordTracker(watermark);
            LoadDefinitionsBefore(watermark);
        }
    }

    /// <summary>
    /// Resuming in the middle of a segment: the series used after <paramref name="start"/> may have been defined
    /// before it, so read the definitions (not the samples) from the segment's start.
    /// </summary>
    private void LoadDefinitionsBefore(WalPosition start)
    {
        if (start.Offset <= WalFormat.MagicSize)
        {
            return;
        }

        using var reader = new WalReader(_wal, start with { Offset = WalFormat.MagicSize });
        while (reader.Position < start && reader.Position.Segment == start.Segment && reader.TryRead(out var payload, out _, out _))
        {
            _series.LoadDefinitions(payload.Span, start.Segment);
        }
    }

    /// <summary>Reads up to a few records into <see cref="_decoded"/>; false when there was nothing to read.</summary>
    private bool ReadRecords()
    {
        lock (_readLock)
        {
            var any = false;
            for (var records = 0; records < 16 && _decoded.Count < Options.Queue.Capacity; records++)
            {
                var previous = _reader.Position;
                if (!_reader.TryRead(out var payload, out var start, out var skipped))
                {
                    if (skipped > 0)
                    {
                        Stats.AddWalSkipped(skipped);
                        Log.WalDamageSkipped(_logger, Options.QueueName, skipped, previous.ToString());
                        _tracker.Skip(_reader.Position);
                    }

                    break;
                }

                if (skipped > 0)
                {
                    Stats.AddWalSkipped(skipped);
                    Log.WalDamageSkipped(_logger, Options.QueueName, skipped, previous.ToString());
                }

                if (start.Segment != previous.Segment)
                {
                    _series.ForgetBefore(start.Segment - 1);
                }

                var first = _decoded.Count;
                if (!_series.TryDecode(payload.Span, start.Segment, _tracker.NextSequence, _decoded))
                {
                    // A checksummed record that does not decode was written by another version: skip it, counted.
                    _decoded.RemoveRange(first, _decoded.Count - first);
                    Stats.AddWalSkipped(payload.Length);
                    Log.WalDamageSkipped(_logger, Options.QueueName, payload.Length, start.ToString());
                }

                var count = _decoded.Count - first;
                _tracker.Add(start, _reader.Position, count);
                Stats.AddPending(count);
                _scaler.ObserveIn(count);
                any = true;
            }

            return any;
        }
    }

    private async Task WaitAsync(Task appended, CancellationToken stopReading)
    {
        try
        {
            await appended.WaitAsync(TimeSpan.FromSeconds(1), Time, stopReading).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Periodic maintenance runs even without appends.
        }
        catch (OperationCanceledException) when (stopReading.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task MaintainAsync()
    {
        SaveProgress(force: false);
        if (Time.GetElapsedTime(_lastShardUpdateTicks) < ShardUpdateInterval)
        {
            return;
        }

        _lastShardUpdateTicks = Time.GetTimestamp();
        var nowMs = Time.GetUtcNow().ToUnixTimeMilliseconds();
        var healthy = nowMs - Interlocked.Read(ref _lastSuccessMs) < 2 * Options.Queue.BatchSendDeadline.TotalMilliseconds + ShardUpdateInterval.TotalMilliseconds;
        var lagSeconds = Math.Max(0, _wal.Stats.HighestTimestampMs - Stats.HighestSentTimestampMs) / 1000.0;
        var desired = _scaler.Desired(ShardUpdateInterval, _shards.Length, Stats.SamplesPending, lagSeconds);
        Stats.DesiredShards = desired;
        if (desired != _shards.Length && healthy)
        {
            Log.Resharding(_logger, Options.QueueName, _shards.Length, desired);
            await StopShardsAsync().ConfigureAwait(false);
            StartShards(desired);
        }
    }

    private void SaveProgress(bool force)
    {
        if (!force && Time.GetElapsedTime(_lastProgressTicks) < ProgressInterval)
        {
            return;
        }

        _lastProgressTicks = Time.GetTimestamp();
        var watermark = _tracker.Watermark;
        if (watermark != _savedWatermark)
        {
            try
            {
                _progress.Save(watermark);
                _savedWatermark = watermark;
            }
            catch (IOException e)
            {
                Warnings.ProgressNotSaved(e.Message);
            }
        }

        _wal.Maintain();
    }

    private void StartShards(int count)
    {
        var q = Options.Queue;
        var shards = new RemoteWriteShard[count];
        for (var i = 0; i < count; i++)
        {
            shards[i] = new RemoteWriteShard(new RemoteWriteSender(_client, this), q.Capacity, q.MaxSamplesPerSend, q.BatchSendDeadline, Time);
            shards[i].Start(_abort.Token);
        }

        _shards = shards;
        Stats.Shards = count;
    }

    private async Task StopShardsAsync()
    {
        foreach (var shard in _shards)
        {
            shard.Complete();
        }

        foreach (var shard in _shards)
        {
            await shard.Completion.ConfigureAwait(false);
        }
    }
}
