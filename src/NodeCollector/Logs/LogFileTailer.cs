namespace NodeCollector.Logs;

/// <summary>
/// Reads one log file from an offset to its end and on as it grows, in large reads into buffers shared by all
/// tailers (<see cref="LogReadBuffers"/>), handing complete lines to a <see cref="LogLineAssembler"/>. A line longer
/// than the buffer is streamed through. At the end of the file the tailer waits for a wake-up or the poll interval.
/// It stops when asked to finish (rotated away, deleted, pod released) once it has read to the end, flushing pending
/// partial lines.
/// </summary>
internal sealed class LogFileTailer : ILogSource
{
    private readonly LogFileContent _content;
    private readonly LogTailerSettings _settings;
    private readonly LogTailerContext _context;
    private readonly LogLineAssembler _assembler;
    private readonly AsyncSignal _wake = new();
    private byte[]? _buffer;
    private long _bufferOffset;
    private int _filled;
    private long _nextOffset;
    private long _acked;
    private long _finishRequestedAt = -1;
    private (bool Active, LogStream Stream, bool Partial) _longLine;
    private long _lastLength;
    private bool _finished;
    private TruncationPoint? _truncatedFrom;

    public LogFileTailer(LogFileContent content, long startOffset, FileFingerprint fingerprint, ILogSink sink, LogTailerSettings settings, LogTailerContext context)
    {
        _content = content;
        _settings = settings;
        _context = context;
        _nextOffset = startOffset;
        _acked = startOffset;
        StartOffset = startOffset;
        Fingerprint = fingerprint;
        Identity = new LogFileIdentity(content.DeviceInode.Device, content.DeviceInode.Inode, fingerprint.Hash);
        _assembler = new LogLineAssembler(this, sink, settings, context);
        _lastLength = content.Length;
    }

    public LogFileIdentity Identity { get; }

    /// <summary>Fingerprint for the positions file: grows to <see cref="FileFingerprint.MaxBytes"/> as the file does.</summary>
    public FileFingerprint Fingerprint { get; private set; }

    public long StartOffset { get; }

    public string Path
    {
        get => _context.Path;
        set => _context.Path = value;
    }

    public bool IsCompressed => _content.IsCompressed;

    /// <summary>The offset Loki has acknowledged: where a restart resumes.</summary>
    public long AckedOffset => Interlocked.Read(ref _acked);

    /// <summary>Bytes of the file read and handed on.</summary>
    public long ReadOffset => Volatile.Read(ref _nextOffset);

    public long LastLength => Volatile.Read(ref _lastLength);

    public long LagBytes => Math.Max(0, LastLength - ReadOffset);

    public long LastTimestampUnixNanos => _assembler.LastTimestampUnixNanos;

    /// <summary>The resume offset of the last entry handed to the sink.</summary>
    public long LastResumeOffset => _assembler.LastResumeOffset;

    public bool FinishRequested => Volatile.Read(ref _finishRequestedAt) >= 0;

    public bool Finished => Volatile.Read(ref _finished);

    public LogTailerContext Context => _context;

    /// <summary>After a copytruncate: the fingerprint the file had and the offset read (and acknowledged) before it was truncated.</summary>
    public TruncationPoint? TruncatedFrom => Volatile.Read(ref _truncatedFrom);

    /// <summary>
    /// The fingerprint over as many first bytes as the file has now, read from any thread through the open handle
    /// (positional reads); the last one computed once the tailer finished or for compressed content.
    /// </summary>
    public FileFingerprint FingerprintNow()
    {
        var known = Fingerprint;
        if (known.Length >= FileFingerprint.MaxBytes || Finished || _content.IsCompressed)
        {
            return known;
        }

        try
        {
            return FileFingerprint.Read(_content, FileFingerprint.MaxBytes);
        }
        catch (ObjectDisposedException)
        {
            return Fingerprint;
        }
    }

    public void Acknowledge(long resumeOffset)
    {
        var seen = Interlocked.Read(ref _acked);
        while (resumeOffset > seen)
        {
            var was = Interlocked.CompareExchange(ref _acked, resumeOffset, seen);
            if (was == seen)
            {
                _context.Acknowledged?.Invoke();
                return;
            }

            seen = was;
        }
    }

    /// <summary>Something may have been written: read now instead of at the next poll.</summary>
    public void Wake() => _wake.Set();

    /// <summary>The file will not grow any more: read it to its end, ship pending partial lines, stop.</summary>
    public void RequestFinish()
    {
        Interlocked.CompareExchange(ref _finishRequestedAt, _context.Time.GetTimestamp(), -1);
        _wake.Set();
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var reason = "finished";
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (await ReadOnceAsync(cancellationToken).ConfigureAwait(false) > 0)
                {
                    continue;
                }

                var length = _content.Length;
                Volatile.Write(ref _lastLength, length);
                if (length < _nextOffset && !_content.IsCompressed)
                {
                    await StartOverAsync(length, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                RefreshFingerprint(length);
                await _assembler.FlushPendingAsync(all: false, cancellationToken).ConfigureAwait(false);
                if (_content.IsCompressed || (FinishRequested && _context.Time.GetElapsedTime(_finishRequestedAt) >= _settings.FinishDrainDelay))
                {
                    await _assembler.FlushPendingAsync(all: true, cancellationToken).ConfigureAwait(false);
                    if (length > _nextOffset && !_longLine.Active)
                    {
                        Log.NoNewlineAtEnd(_context.Logger, Path, length - _nextOffset);
                    }

                    break;
                }

                await _wake.WaitAsync(_settings.PollInterval, _context.Time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            reason = "stopping";
        }
        catch (IOException ex)
        {
            // Loop boundary: a read error ends this file's tailer; its position stays where Loki acknowledged.
            reason = "read error";
            Log.ReadFailed(_context.Logger, Path, _nextOffset, ex.Message);
        }
        finally
        {
            _assembler.Release();
            _content.Dispose();
            Volatile.Write(ref _finished, true);
            Log.TailFinished(_context.Logger, Path, _nextOffset, reason);
        }
    }

    /// <summary>
    /// One read into a shared buffer, given back once its lines are handed on; a line cut off at the end of the read is
    /// read again next time. Returns the bytes consumed: 0 at the end of the file or when all there is so far is a line
    /// without its newline.
    /// </summary>
    private async ValueTask<int> ReadOnceAsync(CancellationToken cancellationToken)
    {
        var buffer = await _settings.ReadBuffers.RentAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _buffer = buffer;
            _bufferOffset = _nextOffset;
            _filled = _content.Read(buffer, _bufferOffset);
            if (_filled == 0)
            {
                return 0;
            }

            var consumed = await ProcessBufferAsync(cancellationToken).ConfigureAwait(false);
            _context.Pod.AddBytes(consumed);
            Volatile.Write(ref _nextOffset, _bufferOffset + consumed);
            return consumed;
        }
        finally
        {
            _buffer = null;
            _filled = 0;
            _settings.ReadBuffers.Return(buffer);
        }
    }

    private async ValueTask<int> ProcessBufferAsync(CancellationToken cancellationToken)
    {
        var buffer = _buffer!;
        var position = 0;
        if (_longLine.Active)
        {
            var newline = IndexOfNewline(buffer, 0, _filled);
            if (newline < 0)
            {
                _assembler.ContinueLongLine(_longLine.Stream, buffer.AsSpan(0, _filled));
                return _filled;
            }

            _assembler.ContinueLongLine(_longLine.Stream, buffer.AsSpan(0, newline));
            _longLine.Active = false;
            await _assembler.EndLongLineAsync(_longLine.Stream, _longLine.Partial, _bufferOffset + newline + 1, cancellationToken).ConfigureAwait(false);
            position = newline + 1;
        }

        while (position < _filled)
        {
            var newline = IndexOfNewline(buffer, position, _filled - position);
            if (newline < 0)
            {
                break;
            }

            var lineStart = _bufferOffset + position;
            await _assembler.AddLineAsync(buffer.AsMemory(position, newline - position), lineStart, _bufferOffset + newline + 1, cancellationToken)
                .ConfigureAwait(false);
            position = newline + 1;
        }

        if (position == 0 && _filled == buffer.Length)
        {
            var (stream, partial) = _assembler.StartLongLine(buffer.AsSpan(0, _filled), _bufferOffset);
            _longLine = (true, stream, partial);
            return _filled;
        }

        return position;
    }

    private static int IndexOfNewline(byte[] buffer, int start, int count)
    {
        var at = buffer.AsSpan(start, count).IndexOf((byte)'\n');
        return at < 0 ? -1 : start + at;
    }

    /// <summary>Copytruncate: the file is shorter than what was read. Waits until Loki acknowledged what was sent, then reads from 0.</summary>
    private async Task StartOverAsync(long length, CancellationToken cancellationToken)
    {
        Log.FileTruncated(_context.Logger, Path, length, _nextOffset);
        _context.Counters.Truncation();
        await _assembler.FlushPendingAsync(all: true, cancellationToken).ConfigureAwait(false);
        while (AckedOffset < _assembler.LastResumeOffset)
        {
            await _wake.WaitAsync(_settings.PollInterval, _context.Time, cancellationToken).ConfigureAwait(false);
        }

        Volatile.Write(ref _truncatedFrom, new TruncationPoint(Fingerprint, _nextOffset));
        _assembler.Reset();
        _longLine = default;
        Volatile.Write(ref _nextOffset, 0);
        Interlocked.Exchange(ref _acked, 0);
        Fingerprint = FileFingerprint.Read(_content, FileFingerprint.MaxBytes);
    }

    private void RefreshFingerprint(long length)
    {
        if (Fingerprint.Length < FileFingerprint.MaxBytes && length > Fingerprint.Length)
        {
            Fingerprint = FileFingerprint.Read(_content, FileFingerprint.MaxBytes);
        }
    }

    /// <summary>Where a file stood when it was truncated: its first bytes' fingerprint and the offset read.</summary>
    internal sealed record TruncationPoint(FileFingerprint Fingerprint, long Offset);
}
