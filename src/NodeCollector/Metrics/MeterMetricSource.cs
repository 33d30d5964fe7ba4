using System.Diagnostics.Metrics;
using System.Numerics;

namespace NodeCollector.Metrics;

/// <summary>
/// Exposes the instruments of one <see cref="Meter"/> (by default <see cref="CollectorMeter"/>) as Prometheus families:
/// counters as counters, up-down counters and gauges as gauges, histograms as classic <c>le</c> histograms. Each
/// instrument is one family named like the instrument; families come out sorted by name, series by labels.
/// </summary>
internal sealed class MeterMetricSource : IMetricSource, IDisposable
{
    // Prometheus' default buckets (client_golang's DefBuckets), for histograms without bucket advice.
    private static readonly double[] DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly Dictionary<Type, (MeterAggregation Aggregation, MetricType Type)> Kinds = new()
    {
        [typeof(Counter<>)] = (MeterAggregation.Sum, MetricType.Counter),
        [typeof(UpDownCounter<>)] = (MeterAggregation.Sum, MetricType.Gauge),
        [typeof(ObservableCounter<>)] = (MeterAggregation.LastValue, MetricType.Counter),
        [typeof(ObservableUpDownCounter<>)] = (MeterAggregation.LastValue, MetricType.Gauge),
        [typeof(ObservableGauge<>)] = (MeterAggregation.LastValue, MetricType.Gauge),
        [typeof(Gauge<>)] = (MeterAggregation.LastValue, MetricType.Gauge),
        [typeof(Histogram<>)] = (MeterAggregation.Histogram, MetricType.Histogram),
    };

    private readonly string _meterName;
    private readonly MeterListener _listener;
    private readonly Lock _statesLock = new();
    private readonly Lock _collectLock = new();
    private readonly Dictionary<string, MeterInstrumentState> _states = new(StringComparer.Ordinal);
    private readonly List<MeterInstrumentState> _sorted = [];
    private readonly List<MeterInstrumentState> _collecting = [];

    /// <summary>Exposes the collector's own meter, <see cref="CollectorMeter.Meter"/>.</summary>
    public MeterMetricSource()
        : this(CollectorMeter.Meter.Name)
    {
    }

    /// <summary>Exposes the meter named <paramref name="meterName"/> (tests use a meter of their own).</summary>
    public MeterMetricSource(string meterName)
    {
        _meterName = meterName;
        _listener = new MeterListener
        {
            InstrumentPublished = OnInstrumentPublished,
            MeasurementsCompleted = OnMeasurementsCompleted,
        };
        _listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((MeterInstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((MeterInstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((MeterInstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((MeterInstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((MeterInstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((MeterInstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>(
            static (_, value, tags, state) => ((MeterInstrumentState)state!).Record((double)value, tags));
        _listener.Start();
    }

    public void Collect(IMetricWriter writer)
    {
        // Concurrent collections take turns: each needs its own round of observable callbacks.
        lock (_collectLock)
        {
            lock (_statesLock)
            {
                _collecting.Clear();
                _collecting.AddRange(_sorted);
            }

            foreach (var state in _collecting)
            {
                if (state.IsObservable)
                {
                    state.BeginObservation();
                }
            }

            _listener.RecordObservableInstruments();
            foreach (var state in _collecting)
            {
                state.WriteTo(writer);
            }

            _collecting.Clear();
        }
    }

    public void Dispose() => _listener.Dispose();

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (!string.Equals(instrument.Meter.Name, _meterName, StringComparison.Ordinal)
            || !TryClassify(instrument, out var aggregation, out var type))
        {
            return;
        }

        MeterInstrumentState? state;
        lock (_statesLock)
        {
            if (_states.TryGetValue(instrument.Name, out state))
            {
                // One name is one family: a same-named instrument of another kind is left out rather than
                // breaking the exposition with a second family of that name.
                if (state.Aggregation != aggregation || state.Type != type || state.IsObservable != instrument.IsObservable)
                {
                    return;
                }
            }
            else
            {
                var family = new MetricFamily(instrument.Name, instrument.Description ?? "", type, EmptyToNull(instrument.Unit));
                state = new MeterInstrumentState(family, aggregation, instrument.IsObservable, BucketBounds(instrument));
                _states.Add(instrument.Name, state);
                var index = _sorted.FindIndex(other => string.CompareOrdinal(other.Name, instrument.Name) > 0);
                _sorted.Insert(index < 0 ? _sorted.Count : index, state);
            }

            state.Instruments++;
        }

        listener.EnableMeasurementEvents(instrument, state);
    }

    private void OnMeasurementsCompleted(Instrument instrument, object? state)
    {
        if (state is not MeterInstrumentState completed)
        {
            return;
        }

        lock (_statesLock)
        {
            if (--completed.Instruments == 0)
            {
                _states.Remove(completed.Name);
                _sorted.Remove(completed);
            }
        }
    }

    private static bool TryClassify(Instrument instrument, out MeterAggregation aggregation, out MetricType type)
    {
        var instrumentType = instrument.GetType();
        if (instrumentType.IsGenericType && Kinds.TryGetValue(instrumentType.GetGenericTypeDefinition(), out var kind))
        {
            (aggregation, type) = kind;
            return true;
        }

        (aggregation, type) = (MeterAggregation.Sum, MetricType.Untyped);
        return false;
    }

    private static double[]? BucketBounds(Instrument instrument) => instrument switch
    {
        Histogram<byte> histogram => ToBounds(histogram.Advice?.HistogramBucketBoundaries),
        Histogram<short> histogram => ToBounds(histogram.Advice?.HistogramBucketBoundaries),
        Histogram<int> histogram => ToBounds(histogram.Advice?.HistogramBucketBoundaries),
        Histogram<long> histogram => ToBounds(histogram.Advice?.HistogramBucketBoundaries),
        Histogram<float> histogram => ToBounds(histogram.Advice?.HistogramBucketBoundaries),
        Histogram<double> histogram => ToBounds(histogram.Advice?.HistogramBucketBoundaries),
        Histogram<decimal> histogram => ToBounds(histogram.Advice?.HistogramBucketBoundaries),
        _ => null,
    };

    private static double[] ToBounds<T>(IReadOnlyList<T>? advised)
        where T : INumberBase<T>
    {
        if (advised is null)
        {
            return DefaultBuckets;
        }

        // The advice is validated as strictly increasing; +Inf is the implicit last bucket here.
        var bounds = new List<double>(advised.Count);
        foreach (var bound in advised)
        {
            var value = double.CreateSaturating(bound);
            if (!double.IsPositiveInfinity(value))
            {
                bounds.Add(value);
            }
        }

        return [.. bounds];
    }

    private static string? EmptyToNull(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
