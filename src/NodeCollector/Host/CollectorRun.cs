using System.Diagnostics;
using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// One collector's run inside a scrape, executed by a <see cref="CollectorLane"/>: its output is recorded, with its
/// outcome and duration. A run that is still going when the next scrape starts (a read that hangs) is not started
/// again; that scrape reports the collector as failed until the run returns.
/// </summary>
internal sealed class CollectorRun
{
    private int _running;
    private ScrapeRound? _round;

    public CollectorRun(IHostCollector collector)
    {
        Collector = collector;
    }

    public IHostCollector Collector { get; }

    public RecordingMetricWriter Output { get; } = new();

    public bool Succeeded { get; private set; }

    public string? Failure { get; private set; }

    public double Seconds { get; private set; }

    /// <summary>The round the last finished run belonged to; its results are valid for that round only.</summary>
    public ScrapeRound? FinishedIn { get; private set; }

    /// <summary>The outcome last logged, so that a failure is logged once per change.</summary>
    public string? ReportedFailure { get; set; }

    /// <summary>Claims the run for <paramref name="round"/>; false when the previous run has not returned yet.</summary>
    public bool TryStart(ScrapeRound round)
    {
        if (Interlocked.CompareExchange(ref _running, 1, 0) != 0)
        {
            return false;
        }

        _round = round;
        round.Add();
        Output.Clear();
        return true;
    }

    public void Execute()
    {
        var start = Stopwatch.GetTimestamp();
        bool succeeded;
        string? failure;
        try
        {
            succeeded = Collector.TryCollect(Output, out failure);
        }
        catch (Exception e)
        {
            // The runner boundary: a collector's bug fails that collector only, never the scrape or the process.
            succeeded = false;
            failure = $"{e.GetType().Name}: {e.Message}";
        }

        Succeeded = succeeded;
        Failure = succeeded ? null : failure ?? "failed";
        Seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var round = _round!;
        FinishedIn = round;
        Volatile.Write(ref _running, 0);
        round.Signal();
    }
}
