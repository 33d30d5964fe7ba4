using System.Globalization;
using NodeCollector.Labels;

namespace NodeCollector.Metrics;

/// <summary>
/// One tag set of one instrument and its aggregated value. Series are found by an order-independent hash of
/// the measurement's tags and compared against the original tag values, so a measurement on an existing
/// series builds no key. Not thread-safe: <see cref="MeterInstrumentState"/> guards it.
/// </summary>
internal sealed class MeterSeries
{
    private readonly string[] _tagKeys;
    private readonly object?[] _tagValues;
    private readonly long[]? _buckets;

    private MeterSeries(int hash, Label[] labels, string[] tagKeys, object?[] tagValues, int bucketCount)
    {
        Hash = hash;
        Labels = labels;
        _tagKeys = tagKeys;
        _tagValues = tagValues;
        _buckets = bucketCount > 0 ? new long[bucketCount] : null;
    }

    public int Hash { get; }

    /// <summary>The labels, sorted by name.</summary>
    public Label[] Labels { get; }

    /// <summary>The next series whose tags have the same hash.</summary>
    public MeterSeries? Next { get; set; }

    /// <summary>The collection in which an observable instrument last reported this series.</summary>
    public long Generation { get; set; }

    public double Value { get; private set; }

    public double Sum { get; private set; }

    public long Count { get; private set; }

    /// <summary>Per-bucket (not cumulative) counts, the last one being +Inf; empty unless a histogram.</summary>
    public ReadOnlySpan<long> Buckets => _buckets;

    public static int HashOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = tags.Length;
        foreach (var tag in tags)
        {
            // A sum, so the order in which the caller passed the tags does not matter.
            hash = unchecked(hash + HashCode.Combine(tag.Key, tag.Value));
        }

        return hash;
    }

    public static MeterSeries Create(int hash, ReadOnlySpan<KeyValuePair<string, object?>> tags, int bucketCount)
    {
        var labels = new Label[tags.Length];
        var keys = new string[tags.Length];
        var values = new object?[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            labels[i] = new Label(LabelName(tags[i].Key), LabelValue(tags[i].Value));
            keys[i] = tags[i].Key;
            values[i] = tags[i].Value;
        }

        // Sorted by label name so the series reads the same whatever order the tags came in.
        var order = new int[tags.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => string.CompareOrdinal(labels[a].Name, labels[b].Name));
        return new MeterSeries(hash, Permute(labels, order), Permute(keys, order), Permute(values, order), bucketCount);
    }

    public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length != _tagKeys.Length)
        {
            return false;
        }

        foreach (var tag in tags)
        {
            var index = Array.IndexOf(_tagKeys, tag.Key);
            if (index < 0 || !Equals(_tagValues[index], tag.Value))
            {
                return false;
            }
        }

        return true;
    }

    public void Add(double value) => Value += value;

    public void Set(double value) => Value = value;

    /// <summary>Counts <paramref name="value"/> into the first bucket whose upper bound is at least the value.</summary>
    public void Observe(double value, double[] bounds)
    {
        var bucket = double.IsNaN(value) ? bounds.Length : Array.BinarySearch(bounds, value);
        _buckets![bucket < 0 ? ~bucket : bucket]++;
        Sum += value;
        Count++;
    }

    /// <summary>Orders series by their labels (names, then values), for a stable exposition.</summary>
    public static int Compare(MeterSeries x, MeterSeries y)
    {
        var a = x.Labels;
        var b = y.Labels;
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var byName = string.CompareOrdinal(a[i].Name, b[i].Name);
            if (byName != 0)
            {
                return byName;
            }

            var byValue = string.CompareOrdinal(a[i].Value, b[i].Value);
            if (byValue != 0)
            {
                return byValue;
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    private static T[] Permute<T>(T[] items, int[] order)
    {
        var result = new T[items.Length];
        for (var i = 0; i < order.Length; i++)
        {
            result[i] = items[order[i]];
        }

        return result;
    }

    /// <summary>Tag keys become Prometheus label names: anything outside [a-zA-Z0-9_] turns into '_', no leading digit.</summary>
    private static string LabelName(string key)
    {
        var valid = key.Length > 0 && !char.IsAsciiDigit(key[0]);
        foreach (var c in key)
        {
            valid &= char.IsAsciiLetterOrDigit(c) || c == '_';
        }

        if (valid)
        {
            return key;
        }

        return string.Create(key.Length + (key.Length == 0 || char.IsAsciiDigit(key[0]) ? 1 : 0), key, static (span, source) =>
        {
            var offset = span.Length - source.Length;
            if (offset > 0)
            {
                span[0] = '_';
            }

            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[offset + i] = char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_';
            }
        });
    }

    private static string LabelValue(object? value) => value switch
    {
        null => "",
        string text => text,
        bool flag => flag ? "true" : "false",
        double number => GoFloatFormatter.ToString(number),
        float number => GoFloatFormatter.ToString(number),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
