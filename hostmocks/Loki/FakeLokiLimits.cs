namespace HostMocks.Loki;

/// <summary>
/// The validation the fake Loki enforces, with Loki's defaults where it has them. The ingestion rate limit is off
/// unless set, and so is <see cref="RejectOlderThan"/> (Loki: 7 days), so that fixed fixture timestamps are taken.
/// </summary>
internal sealed record FakeLokiLimits
{
    public int MaxLineSize { get; init; } = 256 * 1024;

    /// <summary>Tenant ingestion rate in line bytes per second; 0 means unlimited. Exceeding it answers 429.</summary>
    public long IngestionRateBytes { get; init; }

    /// <summary>Bytes that may arrive at once before the rate applies (Loki's burst).</summary>
    public long IngestionBurstBytes { get; init; } = 6L << 20;

    public TimeSpan? RejectOlderThan { get; init; }

    /// <summary>Loki's <c>allow_structured_metadata</c>: when false an entry that carries metadata is rejected (400).</summary>
    public bool AllowStructuredMetadata { get; init; } = true;

    /// <summary>Loki's <c>max_structured_metadata_size</c>: UTF-8 bytes of an entry's metadata names and values.</summary>
    public int MaxStructuredMetadataSize { get; init; } = 64 * 1024;

    /// <summary>Loki's <c>max_structured_metadata_entries_count</c>.</summary>
    public int MaxStructuredMetadataEntries { get; init; } = 128;

    /// <summary>False: each stream keeps only its count and line digest, not its entries (long benchmark runs).</summary>
    public bool KeepEntries { get; init; } = true;
}
