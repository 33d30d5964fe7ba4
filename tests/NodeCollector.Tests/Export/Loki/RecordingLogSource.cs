using System.Collections.Concurrent;
using NodeCollector.Logs;

namespace NodeCollector.Tests.Export.Loki;

/// <summary>A log source for sink tests: records every acknowledgement in order.</summary>
internal sealed class RecordingLogSource(ulong inode) : ILogSource
{
    private readonly ConcurrentQueue<long> _acks = new();

    public LogFileIdentity Identity { get; } = new(1, inode, inode * 31);

    public IReadOnlyList<long> Acks => [.. _acks];

    public long LastAck => _acks.IsEmpty ? -1 : _acks.Last();

    public void Acknowledge(long resumeOffset) => _acks.Enqueue(resumeOffset);
}
