namespace NodeCollector.Host;

/// <summary>
/// A worker thread's pass over one scrape's collectors: it takes the next unstarted run until none is left. One lane
/// runs a whole scrape with a single thread hand-off; when a run in it stalls (a hung read), the runner starts another
/// lane for the rest, so a hang delays only the collector that hangs.
/// </summary>
internal sealed class CollectorLane : IThreadPoolWorkItem
{
    private LaneWork? _work;
    private int _busy;
    private long _runStarted;

    /// <summary>When the run in progress started (<see cref="Environment.TickCount64"/>), or 0 between runs.</summary>
    public long RunStarted => Volatile.Read(ref _runStarted);

    public bool IsBusy => Volatile.Read(ref _busy) != 0;

    public bool IsOn(LaneWork work) => IsBusy && ReferenceEquals(_work, work);

    public bool TryStart(LaneWork work, WorkerThreads threads)
    {
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            return false;
        }

        _work = work;
        threads.Queue(this);
        return true;
    }

    public void Execute()
    {
        var work = _work!;
        while (work.TryTake(out var run))
        {
            Volatile.Write(ref _runStarted, Environment.TickCount64);
            run.Execute();
            Volatile.Write(ref _runStarted, 0);
        }

        Volatile.Write(ref _busy, 0);
    }
}

/// <summary>The runs one scrape started, handed out to lanes one at a time.</summary>
internal sealed class LaneWork
{
    private readonly CollectorRun[] _runs;
    private readonly int _count;
    private int _next;

    public LaneWork(CollectorRun[] runs, int count)
    {
        _runs = runs;
        _count = count;
    }

    public bool HasRemaining => Volatile.Read(ref _next) < _count;

    public bool TryTake(out CollectorRun run)
    {
        var index = Interlocked.Increment(ref _next) - 1;
        run = index < _count ? _runs[index] : null!;
        return index < _count;
    }
}
