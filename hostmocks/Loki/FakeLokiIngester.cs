using System.Globalization;
using System.Text;

namespace HostMocks.Loki;

/// <summary>
/// The fake Loki's distributor and ingester in one: checks a decoded push against <see cref="FakeLokiLimits"/> as
/// Loki does (labels, line size, structured metadata, age, per-stream order, tenant rate), keeps what it accepts per
/// stream, and says how to answer: 204, 400 with one line per rejected entry and Loki's <c>total ignored: N out of M</c>
/// summary, or 429.
/// Thread-safe.
/// </summary>
internal sealed class FakeLokiIngester
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FakeLokiStream> _streams = new(StringComparer.Ordinal);
    private readonly FakeLokiLimits _limits;
    private readonly TimeProvider _time;
    private double _tokens;
    private long _lastRefill;

    public FakeLokiIngester(FakeLokiLimits limits, TimeProvider time)
    {
        _limits = limits;
        _time = time;
        _tokens = limits.IngestionBurstBytes;
        _lastRefill = time.GetTimestamp();
    }

    public long Accepted { get; private set; }

    public long Duplicates { get; private set; }

    public long Rejected { get; private set; }

    public long RateLimitedPushes { get; private set; }

    public IReadOnlyList<FakeLokiStream> Streams
    {
        get
        {
            lock (_gate)
            {
                return [.. _streams.Values];
            }
        }
    }

    public FakeLokiStream? Stream(string canonicalLabels)
    {
        lock (_gate)
        {
            return _streams.GetValueOrDefault(canonicalLabels);
        }
    }

    /// <summary>A copy of the entries of <paramref name="stream"/>, safe to read while pushes arrive.</summary>
    public IReadOnlyList<FakeLokiEntry> EntriesOf(FakeLokiStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        lock (_gate)
        {
            return [.. stream.Entries];
        }
    }

    /// <summary>Validates and stores <paramref name="push"/>; returns the status and body to answer with.</summary>
    public (int Status, string Body) Ingest(FakeLokiPush push)
    {
        lock (_gate)
        {
            var bytes = push.Streams.Sum(s => s.Entries.Sum(e => (long)Encoding.UTF8.GetByteCount(e.Line)));
            if (!TakeRate(bytes))
            {
                RateLimitedPushes++;
                return (429, $"Ingestion rate limit exceeded for user fake (limit: {_limits.IngestionRateBytes} bytes/sec) while attempting to ingest '{push.EntryCount}' lines totaling '{bytes}' bytes, reduce log volume or contact your Loki administrator to see if the limit can be increased");
            }

            var errors = new StringBuilder();
            var rejected = 0;
            foreach (var pushed in push.Streams)
            {
                if (!FakeLokiLabels.TryParse(pushed.Labels, out var labels, out var labelError))
                {
                    foreach (var _ in pushed.Entries)
                    {
                        errors.Append(labelError).Append('\n');
                    }

                    rejected += pushed.Entries.Count;
                    continue;
                }

                var key = FakeLokiLabels.Canonical(labels);
                if (!_streams.TryGetValue(key, out var stream))
                {
                    stream = new FakeLokiStream(key, labels, _limits.KeepEntries);
                    _streams.Add(key, stream);
                }

                foreach (var entry in pushed.Entries)
                {
                    if (Validate(entry, key) is { } problem)
                    {
                        stream.CountRejected();
                        errors.Append(problem).Append('\n');
                        rejected++;
                        continue;
                    }

                    switch (stream.Offer(entry))
                    {
                        case FakeLokiVerdict.Accepted:
                            Accepted++;
                            break;
                        case FakeLokiVerdict.Duplicate:
                            Duplicates++;
                            break;
                        default:
                            errors.Append(CultureInfo.InvariantCulture, $"entry with timestamp {Format(entry.TimestampUnixNanos)} ignored, reason: 'entry out of order' for stream: {key},\n");
                            rejected++;
                            break;
                    }
                }
            }

            Rejected += rejected;
            if (rejected == 0)
            {
                return (204, "");
            }

            errors.Append(CultureInfo.InvariantCulture, $"user 'fake', total ignored: {rejected} out of {push.EntryCount}\n");
            return (400, errors.ToString());
        }
    }

    private string? Validate(FakeLokiEntry entry, string stream)
    {
        var length = Encoding.UTF8.GetByteCount(entry.Line);
        if (length > _limits.MaxLineSize)
        {
            return $"Max entry size '{_limits.MaxLineSize}' bytes exceeded for stream '{stream}' while adding an entry with length '{length}' bytes";
        }

        if (entry.Metadata.Length > 0 && ValidateMetadata(entry, stream) is { } metadataProblem)
        {
            return metadataProblem;
        }

        if (_limits.RejectOlderThan is { } maxAge)
        {
            var oldest = (_time.GetUtcNow() - maxAge).ToUnixTimeMilliseconds() * 1_000_000;
            if (entry.TimestampUnixNanos < oldest)
            {
                return $"entry for stream '{stream}' has timestamp too old: {Format(entry.TimestampUnixNanos)}, oldest acceptable timestamp is: {Format(oldest)}";
            }
        }

        return null;
    }

    private string? ValidateMetadata(FakeLokiEntry entry, string stream)
    {
        if (!_limits.AllowStructuredMetadata)
        {
            return $"stream '{stream}' includes structured metadata, but this feature is disallowed. Please see `limits_config.allow_structured_metadata` or contact your Loki administrator to enable it.";
        }

        var pairs = entry.MetadataPairs;
        if (pairs.Count > _limits.MaxStructuredMetadataEntries)
        {
            return $"stream '{stream}' has too many structured metadata labels: '{pairs.Count}', limit: '{_limits.MaxStructuredMetadataEntries}'";
        }

        var size = FakeLokiMetadata.Size(pairs);
        return size > _limits.MaxStructuredMetadataSize
            ? $"stream '{stream}' has structured metadata too large: '{size}' bytes, limit: '{_limits.MaxStructuredMetadataSize}' bytes"
            : null;
    }

    private bool TakeRate(long bytes)
    {
        if (_limits.IngestionRateBytes <= 0)
        {
            return true;
        }

        var now = _time.GetTimestamp();
        _tokens = Math.Min(_limits.IngestionBurstBytes, _tokens + (_time.GetElapsedTime(_lastRefill, now).TotalSeconds * _limits.IngestionRateBytes));
        _lastRefill = now;
        if (bytes > _tokens)
        {
            return false;
        }

        _tokens -= bytes;
        return true;
    }

    private static string Format(long unixNanos) =>
        DateTimeOffset.UnixEpoch.AddTicks(unixNanos / 100).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
