namespace NodeCollector.Host;

/// <summary>
/// Dedicated background threads for work that may block in the kernel (a read of a hung sysfs attribute, a statfs of
/// a dead NFS server). Unlike the shared thread pool, a blocked item never starves the others: when no worker is idle
/// another is started, up to <c>max</c>; blocked workers simply stay blocked until the kernel returns. Idle workers wait
/// for the next item, so a steady state creates no threads and allocates nothing.
/// </summary>
internal sealed class WorkerThreads
{
    private readonly string _name;
    private readonly int _max;
    private readonly object _lock = new();
    private readonly Queue<IThreadPoolWorkItem> _queue = new();
    private int _threads;
    private int _idle;

    public WorkerThreads(string name, int max)
    {
        _name = name;
        _max = max;
    }

    public void Queue(IThreadPoolWorkItem item)
    {
        lock (_lock)
        {
            _queue.Enqueue(item);
            if (_idle > 0)
            {
                // Claim the idle worker here, so that the next item does not count on it too.
                _idle--;
                Monitor.Pulse(_lock);
                return;
            }

            if (_threads >= _max)
            {
                return;
            }

            _threads++;
        }

        // Small stacks: the work is parsing into reused buffers.
        new Thread(Work, 256 * 1024) { IsBackground = true, Name = _name }.Start();
    }

    private void Work()
    {
        while (true)
        {
            IThreadPoolWorkItem item;
            lock (_lock)
            {
                while (_queue.Count == 0)
                {
                    // Whoever pulses takes this worker off the idle count.
                    _idle++;
                    Monitor.Wait(_lock);
                }

                item = _queue.Dequeue();
            }

            item.Execute();
        }
    }
}
