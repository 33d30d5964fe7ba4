using System.Collections.Concurrent;

namespace NodeCollector.Logs;

/// <summary>
/// The read buffers all tailers of a collector share: a tailer takes one for each read and gives it back once the
/// lines in it are handed on, waiting (first come, first served) while all are out. Memory for reading stays
/// <see cref="Count"/> times <see cref="BufferSize"/> however many files are tailed; with a buffer per file, 500 files
/// waiting on Loki with their 128 KiB buffers held 62 MiB. Buffers are allocated on first use and kept.
/// </summary>
#pragma warning disable CA1001 // SemaphoreSlim holds nothing to dispose unless its AvailableWaitHandle is used; the buffers live as long as the settings.
internal sealed class LogReadBuffers
#pragma warning restore CA1001
{
    private readonly SemaphoreSlim _free;
    private readonly ConcurrentBag<byte[]> _buffers = [];

    public LogReadBuffers(int bufferSize = 128 * 1024, int count = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 1);
        BufferSize = bufferSize;
        Count = count > 0 ? count : Math.Clamp(2 * Environment.ProcessorCount, 4, 16);
        _free = new SemaphoreSlim(Count, Count);
    }

    /// <summary>One read; a line longer than this is streamed through, never buffered whole.</summary>
    public int BufferSize { get; }

    public int Count { get; }

    public async ValueTask<byte[]> RentAsync(CancellationToken cancellationToken)
    {
        await _free.WaitAsync(cancellationToken).ConfigureAwait(false);
        return _buffers.TryTake(out var buffer) ? buffer : new byte[BufferSize];
    }

    public void Return(byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        _buffers.Add(buffer);
        _free.Release();
    }
}
