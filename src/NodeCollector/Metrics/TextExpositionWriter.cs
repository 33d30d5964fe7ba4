using System.Buffers;
using System.Globalization;
using System.Text;
using NodeCollector.Labels;

namespace NodeCollector.Metrics;

/// <summary>
/// Writes families and samples as Prometheus text 0.0.4 or OpenMetrics 1.0 UTF-8 into a buffer, byte for byte
/// like client_golang's expfmt encoders. Families must each be written once; nothing else is validated.
/// </summary>
internal sealed class TextExpositionWriter : IMetricWriter
{
    // Every UTF-16 char becomes at most 3 UTF-8 bytes, an escaped one 2.
    private const int MaxBytesPerChar = 3;

    // Per label: separator, '=', two quotes and a possible ".0" on an OpenMetrics le/quantile.
    private const int LabelOverhead = 6;

    // Braces, spaces, newline, the value and an OpenMetrics timestamp (sign, 19 digits, point, 3 decimals).
    private const int SampleOverhead = 8 + GoFloatFormatter.MaxLength + 24;

    private static readonly SearchValues<char> LabelValueSpecials = SearchValues.Create("\\\"\n");
    private static readonly SearchValues<char> PrometheusHelpSpecials = SearchValues.Create("\\\n");
    private static readonly SearchValues<char> IntegerChars = SearchValues.Create("-0123456789");

    private readonly IBufferWriter<byte> _output;
    private readonly bool _openMetrics;
    private readonly HashSet<string> _writtenFamilies = new(StringComparer.Ordinal);
    private string _familyName = "";
    private MetricType _familyType;
    private string? _canonicalLabel;
    private bool _completed;

    public TextExpositionWriter(IBufferWriter<byte> output, ExpositionFormat format)
    {
        _output = output;
        Format = format;
        _openMetrics = format == ExpositionFormat.OpenMetrics;
    }

    public ExpositionFormat Format { get; }

    /// <summary>Starts a new exposition into the same output (after the owner has reset or swapped its buffer).</summary>
    public void Reset()
    {
        _writtenFamilies.Clear();
        _familyName = "";
        _canonicalLabel = null;
        _completed = false;
    }

    public void WriteFamily(in MetricFamily family)
    {
        if (_completed)
        {
            throw new InvalidOperationException($"metric family '{family.Name}' written after the exposition was completed");
        }

        if (!_writtenFamilies.Add(family.Name))
        {
            throw new InvalidOperationException(
                $"metric family '{family.Name}' was written twice; every family must be written exactly once per exposition");
        }

        _familyName = family.Name;
        _familyType = family.Type;
        _canonicalLabel = !_openMetrics ? null : family.Type switch
        {
            MetricType.Histogram => "le",
            MetricType.Summary => "quantile",
            _ => null,
        };

        var name = family.Name.AsSpan();
        var typeName = TypeName(family.Type);
        if (_openMetrics && family.Type == MetricType.Counter)
        {
            // OpenMetrics names a counter family without _total; one without the suffix cannot be a counter there.
            if (name.EndsWith("_total"))
            {
                name = name[..^"_total".Length];
            }
            else
            {
                typeName = "unknown"u8;
            }
        }

        if (!string.IsNullOrEmpty(family.Help))
        {
            WriteLiteral("# HELP "u8);
            WriteText(name);
            WriteLiteral(" "u8);
            WriteEscaped(family.Help, _openMetrics ? LabelValueSpecials : PrometheusHelpSpecials);
            WriteLiteral("\n"u8);
        }

        WriteLiteral("# TYPE "u8);
        WriteText(name);
        WriteLiteral(" "u8);
        WriteLiteral(typeName);
        WriteLiteral("\n"u8);

        if (_openMetrics && !string.IsNullOrEmpty(family.Unit) && EndsWithUnit(name, family.Unit))
        {
            WriteLiteral("# UNIT "u8);
            WriteText(name);
            WriteLiteral(" "u8);
            WriteText(family.Unit);
            WriteLiteral("\n"u8);
        }
    }

    public void WriteSample(string name, ReadOnlySpan<Label> labels, double value, long? timestampMs = null)
    {
        var maxChars = name.Length;
        foreach (var label in labels)
        {
            maxChars += label.Name.Length + label.Value.Length;
        }

        var span = _output.GetSpan((maxChars * MaxBytesPerChar) + (labels.Length * LabelOverhead) + SampleOverhead);
        var position = Encoding.UTF8.GetBytes(name, span);
        if (labels.Length > 0)
        {
            position += WriteLabels(labels, span[position..]);
        }

        span[position++] = (byte)' ';
        position += _openMetrics
            ? WriteOpenMetricsValue(name, value, span[position..])
            : WritePrometheusValue(value, span[position..]);

        if (timestampMs is { } timestamp)
        {
            span[position++] = (byte)' ';
            position += _openMetrics
                ? WriteSeconds(timestamp, span[position..])
                : WriteInteger(timestamp, span[position..]);
        }

        span[position++] = (byte)'\n';
        _output.Advance(position);
    }

    /// <summary>Ends the exposition: OpenMetrics needs its <c># EOF</c> line, text 0.0.4 needs nothing.</summary>
    public void Complete()
    {
        if (_openMetrics && !_completed)
        {
            WriteLiteral("# EOF\n"u8);
        }

        _completed = true;
    }

    private int WriteLabels(ReadOnlySpan<Label> labels, Span<byte> span)
    {
        var position = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            span[position++] = i == 0 ? (byte)'{' : (byte)',';
            position += Encoding.UTF8.GetBytes(labels[i].Name, span[position..]);
            span[position++] = (byte)'=';
            span[position++] = (byte)'"';
            var value = labels[i].Value;
            position += WriteEscaped(value, LabelValueSpecials, span[position..]);
            if (_canonicalLabel is not null && labels[i].Name == _canonicalLabel && IsInteger(value))
            {
                // OpenMetrics wants canonical numbers in le and quantile: 1.0, not 1.
                span[position++] = (byte)'.';
                span[position++] = (byte)'0';
            }

            span[position++] = (byte)'"';
        }

        span[position++] = (byte)'}';
        return position;
    }

    private static int WritePrometheusValue(double value, Span<byte> span)
    {
        // client_golang writes any zero, -0 included, as "0".
        if (value == 0)
        {
            span[0] = (byte)'0';
            return 1;
        }

        return GoFloatFormatter.Format(value, span);
    }

    private int WriteOpenMetricsValue(string name, double value, Span<byte> span)
    {
        // client_golang writes bucket and count values as integers and every other value as a float that
        // shows it is one (1.0, not 1).
        if (IsCountSample(name) && value >= 0 && value < 18446744073709551616.0 && Math.Floor(value) == value)
        {
            return WriteInteger((ulong)value, span);
        }

        if (value == 0)
        {
            "0.0"u8.CopyTo(span);
            return 3;
        }

        var length = GoFloatFormatter.Format(value, span);
        if (double.IsFinite(value) && span[..length].IndexOfAny((byte)'.', (byte)'e') < 0)
        {
            span[length++] = (byte)'.';
            span[length++] = (byte)'0';
        }

        return length;
    }

    private bool IsCountSample(string name)
    {
        var suffixLength = name.Length - _familyName.Length;
        return _familyType switch
        {
            MetricType.Histogram => (suffixLength == 7 && name.EndsWith("_bucket", StringComparison.Ordinal))
                || (suffixLength == 6 && name.EndsWith("_count", StringComparison.Ordinal)),
            MetricType.Summary => suffixLength == 6 && name.EndsWith("_count", StringComparison.Ordinal),
            _ => false,
        };
    }

    /// <summary>An OpenMetrics timestamp: seconds with the milliseconds as three decimals, exact (no float detour).</summary>
    private static int WriteSeconds(long milliseconds, Span<byte> span)
    {
        var position = 0;
        var magnitude = (ulong)milliseconds;
        if (milliseconds < 0)
        {
            span[position++] = (byte)'-';
            magnitude = (ulong)(-(milliseconds + 1)) + 1;
        }

        position += WriteInteger(magnitude / 1000, span[position..]);
        var fraction = (int)(magnitude % 1000);
        span[position++] = (byte)'.';
        span[position++] = (byte)('0' + (fraction / 100));
        span[position++] = (byte)('0' + (fraction / 10 % 10));
        span[position++] = (byte)('0' + (fraction % 10));
        return position;
    }

    private static int WriteInteger<T>(T value, Span<byte> span)
        where T : IUtf8SpanFormattable
    {
        value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        return written;
    }

    private static int WriteEscaped(ReadOnlySpan<char> text, SearchValues<char> specials, Span<byte> span)
    {
        var position = 0;
        while (true)
        {
            var special = text.IndexOfAny(specials);
            if (special < 0)
            {
                return position + Encoding.UTF8.GetBytes(text, span[position..]);
            }

            position += Encoding.UTF8.GetBytes(text[..special], span[position..]);
            span[position++] = (byte)'\\';
            span[position++] = text[special] == '\n' ? (byte)'n' : (byte)text[special];
            text = text[(special + 1)..];
        }
    }

    private void WriteEscaped(string text, SearchValues<char> specials)
    {
        var span = _output.GetSpan(text.Length * MaxBytesPerChar);
        _output.Advance(WriteEscaped(text, specials, span));
    }

    private void WriteText(ReadOnlySpan<char> text)
    {
        var span = _output.GetSpan(text.Length * MaxBytesPerChar);
        _output.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    private void WriteLiteral(ReadOnlySpan<byte> literal) => _output.Write(literal);

    private static bool IsInteger(string value) => value.Length > 0 && !value.AsSpan().ContainsAnyExcept(IntegerChars);

    private static bool EndsWithUnit(ReadOnlySpan<char> name, string unit) =>
        name.Length > unit.Length && name.EndsWith(unit) && name[name.Length - unit.Length - 1] == '_';

    private ReadOnlySpan<byte> TypeName(MetricType type) => type switch
    {
        MetricType.Counter => "counter"u8,
        MetricType.Gauge => "gauge"u8,
        MetricType.Histogram => "histogram"u8,
        MetricType.Summary => "summary"u8,
        MetricType.GaugeHistogram when _openMetrics => "gaugehistogram"u8,
        MetricType.Info when _openMetrics => "info"u8,
        MetricType.StateSet when _openMetrics => "stateset"u8,
        _ => _openMetrics ? "unknown"u8 : "untyped"u8,
    };
}
