namespace NodeCollector.Logs;

/// <summary>Bytes and lines read from the log files of one pod, shared by its tailers.</summary>
internal sealed class PodReadCounters
{
    private long _bytes;
    private long _lines;

    public long Bytes => Interlocked.Read(ref _bytes);

    public long Lines => Interlocked.Read(ref _lines);

    public void AddBytes(long bytes) => Interlocked.Add(ref _bytes, bytes);

    public void AddLine() => Interlocked.Increment(ref _lines);
}
