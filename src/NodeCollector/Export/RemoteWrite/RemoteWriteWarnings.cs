using Microsoft.Extensions.Logging;

namespace NodeCollector.Export.RemoteWrite;

/// <summary>
/// Warnings of one endpoint, rate-limited: the first rejection with a given status is logged with the receiver's
/// response body; later ones, and retries, at most once per interval with how many happened in between.
/// </summary>
internal sealed class RemoteWriteWarnings
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly string _name;
    private readonly Lock _lock = new();
    private readonly HashSet<int> _rejectedStatuses = [];
    private long _lastRejectLog = long.MinValue;
    private long _lastRetryLog = long.MinValue;
    private int _rejectsSinceLog;
    private int _retriesSinceLog;

    public RemoteWriteWarnings(ILogger logger, TimeProvider time, string name)
    {
        _logger = logger;
        _time = time;
        _name = name;
    }

    public void Rejected(int status, int samples, string body)
    {
        lock (_lock)
        {
            _rejectsSinceLog++;
            if (_rejectedStatuses.Add(status))
            {
                Log.Rejected(_logger, _name, status, samples, body);
            }
            else if (Due(ref _lastRejectLog))
            {
                Log.RejectedAgain(_logger, _name, status, _rejectsSinceLog);
            }
            else
            {
                return;
            }

            _lastRejectLog = _time.GetTimestamp();
            _rejectsSinceLog = 0;
        }
    }

    public void Retrying(int status, int samples, TimeSpan wait, string detail)
    {
        lock (_lock)
        {
            _retriesSinceLog++;
            if (!Due(ref _lastRetryLog))
            {
                return;
            }

            Log.Retrying(_logger, _name, status, samples, Config.PromDuration.Format(wait), detail, _retriesSinceLog);
            _lastRetryLog = _time.GetTimestamp();
            _retriesSinceLog = 0;
        }
    }

    public void ProgressNotSaved(string error)
    {
        lock (_lock)
        {
            if (Due(ref _lastRetryLog))
            {
                Log.ProgressNotSaved(_logger, _name, error);
            }
        }
    }

    private bool Due(ref long last) => last == long.MinValue || _time.GetElapsedTime(last) >= Interval;
}
