using NodeCollector.Labels;

namespace NodeCollector.Metrics;

/// <summary>
/// The aggregated series of one instrument (or of several same-named, same-kind instruments of one meter),
/// written as one family. One lock guards measurements and collection; measurements on existing series do
/// not allocate.
/// </summary>
internal sealed class MeterInstrumentState
{
    private static readonly Comparer<MeterSeries> SeriesOrder = Comparer<MeterSeries>.Create(MeterSeries.Compare);

    private readonly Lock _lock = new();
    private readonly Dictionary<int, MeterSeries> _byHash = [];
    private readonly List<MeterSeries> _ordered = [];
    private readonly double[] _bounds;
    private readonly string[] _boundLabels;
    private readonly string _bucketName;
    private readonly string _sumName;
    private readonly string _countName;
    private readonly MetricFamily _family;
    private Label[] _scratch = [];
    private long _generation;

    public MeterInstrumentState(MetricFamily family, MeterAggregation aggregation, bool observable, double[]? bounds)
    {
        _family = family;
        Aggregation = aggregation;
        IsObservable = observable;
        _bounds = aggregation == MeterAggregation.Histogram ? bounds ?? [] : [];
        _boundLabels = new string[_bounds.Length];
        for (var i = 0; i < _bounds.Length; i++)
        {
            _boundLabels[i] = GoFloatFormatter.ToString(_bounds[i]);
        }

        _bucketName = family.Name + "_bucket";
        _sumName = family.Name + "_sum";
        _countName = family.Name + "_count";
    }

    public string Name => _family.Name;

    public MetricType Type => _family.Type;

    public MeterAggregation Aggregation { get; }

    public bool IsObservable { get; }

    /// <summary>How many published instruments feed this state; guarded by <see cref="MeterMetricSource"/>.</summary>
    public int Instruments { get; set; }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = MeterSeries.HashOf(tags);
        lock (_lock)
        {
            var series = Find(hash, tags) ?? Add(hash, tags);
            switch (Aggregation)
            {
                case MeterAggregation.Sum:
                    series.Add(value);
                    break;
                case MeterAggregation.LastValue:
                    series.Set(value);
                    break;
                default:
                    series.Observe(value, _bounds);
                    break;
            }

            series.Generation = _generation;
        }
    }

    /// <summary>Starts a round of observable callbacks: a series not reported in it is gone.</summary>
    public void BeginObservation()
    {
        lock (_lock)
        {
            _generation++;
        }
    }

    public void WriteTo(IMetricWriter writer)
    {
        lock (_lock)
        {
            if (IsObservable)
            {
                RemoveUnobserved();
            }

            if (_ordered.Count == 0)
            {
                return;
            }

            writer.WriteFamily(_family);
            foreach (var series in _ordered)
            {
                if (Aggregation == MeterAggregation.Histogram)
                {
                    WriteHistogram(writer, series);
                }
                else
                {
                    writer.WriteSample(_family.Name, series.Labels, series.Value);
                }
            }
        }
    }

    private void WriteHistogram(IMetricWriter writer, MeterSeries series)
    {
        var labels = series.Labels;
        if (_scratch.Length < labels.Length + 1)
        {
            _scratch = new Label[labels.Length + 1];
        }

        labels.CopyTo(_scratch, 0);
        var withLe = _scratch.AsSpan(0, labels.Length + 1);
        var buckets = series.Buckets;
        var cumulative = 0L;
        for (var i = 0; i < buckets.Length; i++)
        {
            cumulative += buckets[i];
            withLe[^1] = new Label("le", i < _boundLabels.Length ? _boundLabels[i] : "+Inf");
            writer.WriteSample(_bucketName, withLe, cumulative);
        }

        writer.WriteSample(_sumName, labels, series.Sum);
        writer.WriteSample(_countName, labels, series.Count);
    }

    private MeterSeries? Find(int hash, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        _byHash.TryGetValue(hash, out var series);
        while (series is not null && !series.Matches(tags))
        {
            series = series.Next;
        }

        return series;
    }

    private MeterSeries Add(int hash, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var bucketCount = Aggregation == MeterAggregation.Histogram ? _bounds.Length + 1 : 0;
        var series = MeterSeries.Create(hash, tags, bucketCount);
        if (_byHash.TryGetValue(hash, out var head))
        {
            series.Next = head;
        }

        _byHash[hash] = series;
        var index = _ordered.BinarySearch(series, SeriesOrder);
        _ordered.Insert(index < 0 ? ~index : index, series);
        return series;
    }

    private void RemoveUnobserved()
    {
        var kept = 0;
        for (var i = 0; i < _ordered.Count; i++)
        {
            var series = _ordered[i];
            if (series.Generation == _generation)
            {
                _ordered[kept++] = series;
            }
            else
            {
                Unlink(series);
            }
        }

        _ordered.RemoveRange(kept, _ordered.Count - kept);
    }

    private void Unlink(MeterSeries series)
    {
        var head = _byHash[series.Hash];
        if (head == series)
        {
            if (series.Next is null)
            {
                _byHash.Remove(series.Hash);
            }
            else
            {
                _byHash[series.Hash] = series.Next;
            }

            return;
        }

        while (head.Next != series)
        {
            head = head.Next!;
        }

        head.Next = series.Next;
    }
}
