namespace HostMocks.Kubernetes;

/// <summary>Faults the fake API server injects into the next requests, counted down as they are used.</summary>
internal sealed class FakeApiFaults
{
    private int _fail;
    private int _failStatus = 500;
    private int _hang;

    public void FailNext(int count, int status)
    {
        Volatile.Write(ref _failStatus, status);
        Interlocked.Exchange(ref _fail, count);
    }

    public void HangNext(int count) => Interlocked.Exchange(ref _hang, count);

    /// <summary>True (once per counted request) when this request should fail with <paramref name="status"/>.</summary>
    public bool TakeFailure(out int status)
    {
        status = Volatile.Read(ref _failStatus);
        return TakeOne(ref _fail);
    }

    public bool TakeHang() => TakeOne(ref _hang);

    private static bool TakeOne(ref int counter)
    {
        while (true)
        {
            var current = Volatile.Read(ref counter);
            if (current <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref counter, current - 1, current) == current)
            {
                return true;
            }
        }
    }
}
