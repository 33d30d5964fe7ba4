namespace HostMocks.Logs;

/// <summary>How a <see cref="LogWriter"/> writes: the kubelet's rotation settings and the runtime's chunk size.</summary>
internal sealed record LogWriterOptions
{
    /// <summary>The kubelet's <c>containerLogMaxSize</c>: the live file is rotated once it reaches this.</summary>
    public long MaxFileSize { get; init; } = 10 * 1024 * 1024;

    /// <summary>The kubelet's <c>containerLogMaxFiles</c> (at least 2): the live file plus rotated ones kept.</summary>
    public int MaxFiles { get; init; } = 5;

    /// <summary>Whether rotated files are gzipped at the next rotation, as the kubelet does.</summary>
    public bool Compress { get; init; } = true;

    /// <summary>Content longer than this is split into P chunks, as containerd splits at 16 KiB.</summary>
    public int ChunkSize { get; init; } = 16 * 1024;

    /// <summary>Flush after every line, so readers see it at once; off for bulk writing (call Flush).</summary>
    public bool AutoFlush { get; init; } = true;

    /// <summary>Called with the live file's path just before it is rotated (tests use it to pace the writer).</summary>
    public Action<string>? BeforeRotate { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
