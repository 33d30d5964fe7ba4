namespace NodeCollector.Export.RemoteWrite;

/// <summary>
/// Decides how many shards an endpoint needs, like Prometheus: the time one sample takes to send, times the rate
/// samples arrive plus a share of the backlog so it drains in about 20 seconds. Rates are smoothed (EWMA), the
/// result is kept between min and max shards, and changes under 30 % are ignored to avoid flapping.
/// </summary>
internal sealed class ShardScaler
{
    private const double Weight = 0.2;
    private const double Tolerance = 0.3;
    private const double BacklogShare = 0.05;

    private readonly int _min;
    private readonly int _max;
    private long _in;
    private long _out;
    private long _sendTicks;
    private long _sendSamples;
    private double _inRate;
    private double _secondsPerSample;
    private bool _primed;

    public ShardScaler(int min, int max)
    {
        _min = min;
        _max = max;
    }

    public void ObserveIn(int samples) => Interlocked.Add(ref _in, samples);

    public void ObserveDone(int samples) => Interlocked.Add(ref _out, samples);

    public void ObserveSend(TimeSpan duration, int samples)
    {
        Interlocked.Add(ref _sendTicks, duration.Ticks);
        Interlocked.Add(ref _sendSamples, samples);
    }

    /// <summary>Called once per <paramref name="interval"/>: the shard count to run next.</summary>
    public int Desired(TimeSpan interval, int current, long pending, double lagSeconds)
    {
        var samplesIn = Interlocked.Exchange(ref _in, 0);
        Interlocked.Exchange(ref _out, 0);
        var sendTicks = Interlocked.Exchange(ref _sendTicks, 0);
        var sendSamples = Interlocked.Exchange(ref _sendSamples, 0);
        var inRate = samplesIn / interval.TotalSeconds;
        _inRate = _primed ? (Weight * inRate) + ((1 - Weight) * _inRate) : inRate;
        if (sendSamples > 0)
        {
            var perSample = TimeSpan.FromTicks(sendTicks).TotalSeconds / sendSamples;
            _secondsPerSample = _primed ? (Weight * perSample) + ((1 - Weight) * _secondsPerSample) : perSample;
        }

        _primed = true;
        var backlog = Math.Max(pending, lagSeconds * _inRate);
        var desired = _secondsPerSample * (_inRate + (BacklogShare * backlog));
        var clamped = Math.Clamp((int)Math.Ceiling(desired), _min, _max);
        if (current > 0 && Math.Abs(clamped - current) <= Tolerance * current)
        {
            return current;
        }

        return clamped;
    }
}
