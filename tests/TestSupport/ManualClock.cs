namespace NodeCollector.TestSupport;

/// <summary>A clock whose wall time the test sets; timers and monotonic timestamps stay on the system clock.</summary>
internal sealed class ManualClock : TimeProvider
{
    public ManualClock(DateTimeOffset now)
    {
        Now = now;
    }

    public DateTimeOffset Now { get; set; }

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
