using System.Text;
using System.Text.Unicode;
using Microsoft.Extensions.Logging;

namespace NodeCollector.Logs;

/// <summary>
/// Turns the lines of one file into entries for the sink: parses CRI or Docker json-file lines, joins partial chunks
/// per stream up to the line size limit (truncating and marking longer lines), repairs invalid UTF-8, and gives each
/// entry the offset where a restart must read again so nothing after it is lost.
/// </summary>
internal sealed class LogLineAssembler(ILogSource source, ILogSink sink, LogTailerSettings settings, LogTailerContext context)
{
    private readonly PartialLine[] _partials = [new(settings.MaxLineSize), new(settings.MaxLineSize)];
    private LogFileFormat _format;
    private byte[] _scratch = [];

    /// <summary>Unix nanoseconds of the last entry handed on; 0 before the first.</summary>
    public long LastTimestampUnixNanos { get; private set; }

    /// <summary>The resume offset of the last entry handed on.</summary>
    public long LastResumeOffset { get; private set; }

    public bool HasPending => _partials[0].Pending || _partials[1].Pending;

    /// <summary>Handles one complete line (without its newline) that spans <paramref name="lineStart"/> to <paramref name="lineEnd"/>.</summary>
    public ValueTask AddLineAsync(ReadOnlyMemory<byte> line, long lineStart, long lineEnd, CancellationToken cancellationToken)
    {
        if (_format == LogFileFormat.Unknown)
        {
            _format = line.Length > 0 && line.Span[0] == '{' ? LogFileFormat.DockerJson : LogFileFormat.Cri;
        }

        return _format == LogFileFormat.Cri
            ? AddCriLineAsync(line, lineStart, lineEnd, cancellationToken)
            : AddDockerLineAsync(line, lineStart, lineEnd, cancellationToken);
    }

    /// <summary>
    /// Starts a line too long for the read buffer: <paramref name="head"/> holds its header and first content bytes.
    /// Returns the stream and whether the line is a partial chunk; the rest goes through <see cref="ContinueLongLine"/>.
    /// </summary>
    public (LogStream Stream, bool Partial) StartLongLine(ReadOnlySpan<byte> head, long lineStart)
    {
        if (_format == LogFileFormat.Unknown)
        {
            _format = head.Length > 0 && head[0] == '{' ? LogFileFormat.DockerJson : LogFileFormat.Cri;
        }

        var cri = default(CriLine);
        var status = _format == LogFileFormat.Cri ? CriLineParser.TryParse(head, out cri) : CriParseStatus.Malformed;
        if (status != CriParseStatus.Ok)
        {
            WarnMalformed(lineStart, status == CriParseStatus.BadTimestamp ? "timestamp is not RFC 3339" : "line longer than the read buffer");
        }

        if (status == CriParseStatus.Malformed)
        {
            cri = new CriLine(context.NowUnixNanos(), LogStream.Stdout, Partial: false, ContentStart: 0);
        }
        else if (status == CriParseStatus.BadTimestamp)
        {
            cri = cri with { TimestampUnixNanos = context.NowUnixNanos() };
        }

        _partials[(int)cri.Stream].Append(cri.TimestampUnixNanos, lineStart, context.Time.GetTimestamp(), head[cri.ContentStart..]);
        return (cri.Stream, cri.Partial);
    }

    public void ContinueLongLine(LogStream stream, ReadOnlySpan<byte> content) =>
        _partials[(int)stream].Append(0, 0, 0, content);

    public ValueTask EndLongLineAsync(LogStream stream, bool partial, long lineEnd, CancellationToken cancellationToken)
    {
        _partials[(int)stream].EndOffset = lineEnd;
        return partial ? default : EmitPendingAsync(stream, cancellationToken);
    }

    /// <summary>Ships partial lines that waited longer than the timeout (all of them when <paramref name="all"/>: the file ended).</summary>
    public async ValueTask FlushPendingAsync(bool all, CancellationToken cancellationToken)
    {
        var now = context.Time.GetTimestamp();
        for (var stream = LogStream.Stdout; stream <= LogStream.Stderr; stream++)
        {
            var pending = _partials[(int)stream];
            if (pending.Pending && pending.EndOffset > pending.StartOffset
                && (all || context.Time.GetElapsedTime(pending.StartedAt, now) >= settings.PartialLineTimeout))
            {
                Log.PartialLineTimedOut(context.Logger, context.Path, stream == LogStream.Stdout ? "stdout" : "stderr", Config.PromDuration.Format(settings.PartialLineTimeout));
                await EmitPendingAsync(stream, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Forgets pending lines and the detected format (the file was truncated and is read again).</summary>
    public void Reset()
    {
        _partials[0].Reset();
        _partials[1].Reset();
        _format = LogFileFormat.Unknown;
    }

    public void Release()
    {
        _partials[0].Release();
        _partials[1].Release();
        _scratch = [];
    }

    private ValueTask AddCriLineAsync(ReadOnlyMemory<byte> line, long lineStart, long lineEnd, CancellationToken cancellationToken)
    {
        var status = CriLineParser.TryParse(line.Span, out var cri);
        switch (status)
        {
            case CriParseStatus.Ok:
                return AddChunkAsync(cri.Stream, cri.TimestampUnixNanos, cri.Partial, line[cri.ContentStart..], lineStart, lineEnd, cancellationToken);
            case CriParseStatus.BadTimestamp:
                WarnMalformed(lineStart, "timestamp is not RFC 3339");
                return AddChunkAsync(cri.Stream, context.NowUnixNanos(), cri.Partial, line[cri.ContentStart..], lineStart, lineEnd, cancellationToken);
            default:
                WarnMalformed(lineStart, "expected <time> <stdout|stderr> <P|F> <content>");
                return AddChunkAsync(LogStream.Stdout, context.NowUnixNanos(), partial: false, line, lineStart, lineEnd, cancellationToken);
        }
    }

    private ValueTask AddDockerLineAsync(ReadOnlyMemory<byte> line, long lineStart, long lineEnd, CancellationToken cancellationToken)
    {
        if (_scratch.Length < line.Length)
        {
            _scratch = new byte[Math.Max(line.Length, 4096)];
        }

        var status = DockerJsonLineParser.TryParse(line.Span, _scratch, out var parsed, out var length);
        if (status == CriParseStatus.Malformed)
        {
            WarnMalformed(lineStart, "expected {\"log\":…,\"stream\":…,\"time\":…}");
            return AddChunkAsync(LogStream.Stdout, context.NowUnixNanos(), partial: false, line, lineStart, lineEnd, cancellationToken);
        }

        var timestamp = parsed.TimestampUnixNanos;
        if (status == CriParseStatus.BadTimestamp)
        {
            WarnMalformed(lineStart, "time is not RFC 3339");
            timestamp = context.NowUnixNanos();
        }

        return AddChunkAsync(parsed.Stream, timestamp, parsed.Partial, _scratch.AsMemory(0, length), lineStart, lineEnd, cancellationToken);
    }

    private ValueTask AddChunkAsync(
        LogStream stream, long timestamp, bool partial, ReadOnlyMemory<byte> content, long lineStart, long lineEnd, CancellationToken cancellationToken)
    {
        var pending = _partials[(int)stream];
        if (!partial && !pending.Pending && content.Length <= settings.MaxLineSize)
        {
            return EmitAsync(stream, timestamp, content, ResumeAfter(stream, lineEnd), cancellationToken);
        }

        pending.Append(timestamp, lineStart, context.Time.GetTimestamp(), content.Span);
        pending.EndOffset = lineEnd;
        return partial ? default : EmitPendingAsync(stream, cancellationToken);
    }

    private async ValueTask EmitPendingAsync(LogStream stream, CancellationToken cancellationToken)
    {
        var pending = _partials[(int)stream];
        if (pending.DroppedBytes > 0)
        {
            var total = pending.Length + pending.DroppedBytes;
            pending.MarkTruncated(LogTailerSettings.TruncationMarker);
            context.Counters.LineTruncated();
            if (context.Limiter.ShouldLog("truncated", out var held))
            {
                Log.LineTruncated(context.Logger, context.Path, pending.StartOffset, total, settings.MaxLineSize, held);
            }
        }

        await EmitAsync(stream, pending.TimestampUnixNanos, pending.Content, ResumeAfter(stream, pending.EndOffset), cancellationToken).ConfigureAwait(false);
        pending.Reset();
    }

    private ValueTask EmitAsync(LogStream stream, long timestamp, ReadOnlyMemory<byte> line, long resumeOffset, CancellationToken cancellationToken)
    {
        if (!Utf8.IsValid(line.Span))
        {
            context.Counters.LineInvalidUtf8();
            if (context.Limiter.ShouldLog("utf8", out var held))
            {
                Log.InvalidUtf8(context.Logger, context.Path, resumeOffset, held);
            }

            line = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(line.Span));
        }

        LastTimestampUnixNanos = timestamp;
        LastResumeOffset = resumeOffset;
        context.Pod.AddLine();
        return sink.WriteAsync(source, context.Labels.For(stream), new LogEntry(timestamp, line, resumeOffset), cancellationToken);
    }

    /// <summary>The end of this entry, or the start of the other stream's pending line if that is earlier.</summary>
    private long ResumeAfter(LogStream stream, long end)
    {
        var other = _partials[1 - (int)stream];
        return other.Pending ? Math.Min(end, other.StartOffset) : end;
    }

    private void WarnMalformed(long offset, string problem)
    {
        context.Counters.LineMalformed();
        if (context.Limiter.ShouldLog("malformed", out var held))
        {
            Log.MalformedLine(context.Logger, context.Path, offset, _format == LogFileFormat.Cri ? "CRI" : "Docker json-file", problem, held);
        }
    }
}
