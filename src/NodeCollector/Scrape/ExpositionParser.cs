using System.Text;
using System.Text.Unicode;
using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Scrape;

/// <summary>
/// A pull parser for Prometheus text 0.0.4 and OpenMetrics 1.0 over a whole response body. Each <see cref="Next"/>
/// moves to the next HELP, TYPE, UNIT or series line; the current entry is read from spans of the body, so
/// a sample costs no allocation. <see cref="SeriesKey"/> (the raw name and label block) lets a scrape cache skip
/// label parsing for series it has seen. The first malformed line stops parsing with a line number and reason.
/// </summary>
internal sealed class ExpositionParser
{
    private ReadOnlyMemory<byte> _body;
    private bool _openMetrics;
    private int _position;
    private int _line;
    private bool _sawEof;
    private Range _name;
    private Range _series;
    private readonly LabelRangeList _labels = new(16);
    private readonly LabelRangeList _exemplarLabels = new(4);
    private readonly Dictionary<byte[], string> _texts = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], string>.AlternateLookup<ReadOnlySpan<byte>> _textLookup;
    private bool _labelsParsed;

    public ExpositionParser()
    {
        _textLookup = _texts.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>
    /// A cache to ask before parsing a series' labels (see <see cref="IKnownSeries"/>); when it knows the key, the
    /// labels are not parsed and <see cref="CopyLabels"/> must not be called for that line.
    /// </summary>
    public IKnownSeries? KnownSeries { get; set; }

    public ExpositionEntry Entry { get; private set; }

    public ExpositionParseError? Error { get; private set; }

    /// <summary>The metric name of the current entry (for HELP, TYPE and UNIT, the family name).</summary>
    public ReadOnlySpan<byte> MetricName => _body.Span[_name];

    /// <summary>The series as written, name and label block, for cache lookups.</summary>
    public ReadOnlySpan<byte> SeriesKey => _body.Span[_series];

    public MetricType Type { get; private set; }

    public string Text { get; private set; } = "";

    public double Value { get; private set; }

    public long? TimestampMs { get; private set; }

    public bool HasExemplar { get; private set; }

    public double ExemplarValue { get; private set; }

    public long? ExemplarTimestampMs { get; private set; }

    public int LabelCount => _labels.Count;

    public int Line => _line;

    public void Reset(ReadOnlyMemory<byte> body, bool openMetrics)
    {
        _body = body;
        _openMetrics = openMetrics;
        _position = 0;
        _line = 0;
        _sawEof = false;
        Error = null;
    }

    /// <summary>Moves to the next entry; false at the end of the body or at the first error (then <see cref="Error"/> is set).</summary>
    public bool Next()
    {
        var body = _body.Span;
        while (Error is null)
        {
            if (_position >= body.Length)
            {
                if (_openMetrics && !_sawEof)
                {
                    Fail("the exposition does not end with # EOF");
                }

                return false;
            }

            var start = _position;
            var end = body[start..].IndexOf((byte)'\n');
            end = end < 0 ? body.Length : start + end;
            _position = end + 1;
            _line++;
            if (_sawEof)
            {
                return Fail("content after # EOF");
            }

            if (!_openMetrics && end > start && body[end - 1] == '\r')
            {
                end--;
            }

            var lineStart = _openMetrics ? start : ExpositionTokens.SkipSpace(body, start, end);
            if (lineStart == end)
            {
                if (_openMetrics)
                {
                    return Fail("blank line");
                }

                continue;
            }

            if (body[lineStart] == '#')
            {
                if (ParseComment(body, lineStart, end, out var isEntry))
                {
                    if (isEntry)
                    {
                        return true;
                    }

                    continue;
                }

                return false;
            }

            return ParseSeries(body, lineStart, end);
        }

        return false;
    }

    /// <summary>Copies the current series into <paramref name="builder"/>: <c>__name__</c> and every label, values unescaped.</summary>
    public void CopyLabels(LabelSetBuilder builder)
    {
        if (!_labelsParsed)
        {
            throw new InvalidOperationException("the labels of a known series were not parsed");
        }

        var body = _body.Span;
        builder.Set(LabelSet.MetricName, Encoding.UTF8.GetString(body[_name]));
        for (var i = 0; i < _labels.Count; i++)
        {
            builder.Set(LabelName(i), LabelValue(i));
        }
    }

    public string LabelName(int index) => Encoding.UTF8.GetString(_body.Span[_labels[index].Name]);

    public string LabelValue(int index) => ExpositionEscapes.Unescape(_body.Span[_labels[index].Value], _labels[index].Escaped);

    private bool Fail(string reason)
    {
        Error ??= new ExpositionParseError(_line, reason);
        return false;
    }

    private bool ParseComment(ReadOnlySpan<byte> body, int start, int end, out bool isEntry)
    {
        isEntry = false;
        var line = body[start..end];
        if (_openMetrics && line.SequenceEqual("# EOF"u8))
        {
            _sawEof = true;
            return true;
        }

        if (line.Length < 2 || (line[1] != ' ' && line[1] != '\t'))
        {
            return true;
        }

        var keywordStart = ExpositionTokens.SkipSpace(body, start + 1, end);
        var keywordEnd = ExpositionTokens.SkipToken(body, keywordStart, end);
        var keyword = body[keywordStart..keywordEnd];
        ExpositionEntry entry;
        if (keyword.SequenceEqual("HELP"u8))
        {
            entry = ExpositionEntry.Help;
        }
        else if (keyword.SequenceEqual("TYPE"u8))
        {
            entry = ExpositionEntry.Type;
        }
        else if (_openMetrics && keyword.SequenceEqual("UNIT"u8))
        {
            entry = ExpositionEntry.Unit;
        }
        else
        {
            return true;
        }

        var nameStart = ExpositionTokens.SkipSpace(body, keywordEnd, end);
        var nameEnd = ExpositionTokens.ScanMetricName(body, nameStart, end);
        if (nameEnd == nameStart || (nameEnd < end && body[nameEnd] != ' ' && body[nameEnd] != '\t'))
        {
            return Fail($"invalid metric name in {Encoding.UTF8.GetString(keyword)} line");
        }

        _name = nameStart..nameEnd;
        var textStart = nameEnd < end ? nameEnd + 1 : end;
        var text = body[textStart..end];
        Entry = entry;
        isEntry = true;
        switch (entry)
        {
            case ExpositionEntry.Help:
                Text = CachedText(text, help: true);
                return true;
            case ExpositionEntry.Unit:
                Text = CachedText(text.Trim((byte)' '), help: false);
                return true;
            default:
                return TryParseType(text.Trim((byte)' ').Trim((byte)'\t'));
        }
    }

    /// <summary>HELP and UNIT texts repeat from scrape to scrape: decode each distinct one once (bounded).</summary>
    private string CachedText(ReadOnlySpan<byte> raw, bool help)
    {
        if (_textLookup.TryGetValue(raw, out var text))
        {
            return text;
        }

        if (_texts.Count >= 4096)
        {
            _texts.Clear();
        }

        text = help ? ExpositionEscapes.UnescapeHelp(raw, _openMetrics) : Encoding.UTF8.GetString(raw);
        _texts[raw.ToArray()] = text;
        return text;
    }

    private bool TryParseType(ReadOnlySpan<byte> word)
    {
        MetricType? type = word switch
        {
            _ when word.SequenceEqual("counter"u8) => MetricType.Counter,
            _ when word.SequenceEqual("gauge"u8) => MetricType.Gauge,
            _ when word.SequenceEqual("histogram"u8) => MetricType.Histogram,
            _ when word.SequenceEqual("summary"u8) => MetricType.Summary,
            _ when !_openMetrics && word.SequenceEqual("untyped"u8) => MetricType.Untyped,
            _ when _openMetrics && word.SequenceEqual("unknown"u8) => MetricType.Untyped,
            _ when _openMetrics && word.SequenceEqual("gaugehistogram"u8) => MetricType.GaugeHistogram,
            _ when _openMetrics && word.SequenceEqual("info"u8) => MetricType.Info,
            _ when _openMetrics && word.SequenceEqual("stateset"u8) => MetricType.StateSet,
            _ => null,
        };
        if (type is null)
        {
            return Fail($"invalid metric type \"{Encoding.UTF8.GetString(word)}\"");
        }

        Type = type.Value;
        return true;
    }

    private bool ParseSeries(ReadOnlySpan<byte> body, int start, int end)
    {
        if (body[start] == '{')
        {
            return Fail("quoted (UTF-8) metric names are not supported");
        }

        var nameEnd = ExpositionTokens.ScanMetricName(body, start, end);
        if (nameEnd == start)
        {
            return Fail($"invalid metric name starting with \"{ExpositionTokens.Excerpt(body, start, end)}\"");
        }

        _name = start..nameEnd;
        var position = nameEnd;
        var seriesEnd = nameEnd;
        var labelsAt = _openMetrics ? nameEnd : ExpositionTokens.SkipSpace(body, nameEnd, end);
        _labels.Clear();
        _labelsParsed = true;
        if (labelsAt < end && body[labelsAt] == '{')
        {
            // A series this target sent before (same bytes up to the last '}', which a value or timestamp cannot
            // contain) was validated then: take it without parsing the labels.
            var close = body[labelsAt..end].LastIndexOf((byte)'}');
            if (KnownSeries is { } known && close > 0 && known.IsKnown(body[start..(labelsAt + close + 1)]))
            {
                position = labelsAt + close + 1;
                _labelsParsed = false;
            }
            else
            {
                position = labelsAt;
                if (!ParseLabelBlock(body, ref position, end, _labels))
                {
                    return false;
                }
            }

            seriesEnd = position;
        }

        _series = start..seriesEnd;
        if (position >= end || (body[position] != ' ' && body[position] != '\t'))
        {
            return Fail(position >= end ? "expected a value after the series" : $"unexpected \"{ExpositionTokens.Excerpt(body, position, end)}\" after the series");
        }

        position = ExpositionTokens.SkipSpace(body, position, end);
        var valueEnd = ExpositionTokens.SkipToken(body, position, end);
        if (!ExpositionNumbers.TryParseValue(body[position..valueEnd], out var value))
        {
            return Fail($"invalid value \"{ExpositionTokens.Excerpt(body, position, valueEnd)}\"");
        }

        Value = value;
        TimestampMs = null;
        HasExemplar = false;
        position = ExpositionTokens.SkipSpace(body, valueEnd, end);
        if (position < end && body[position] != '#')
        {
            var timestampEnd = ExpositionTokens.SkipToken(body, position, end);
            var timestamp = body[position..timestampEnd];
            long ms;
            if (!(_openMetrics ? ExpositionNumbers.TryParseSeconds(timestamp, out ms) : ExpositionNumbers.TryParseMilliseconds(timestamp, out ms)))
            {
                return Fail($"invalid timestamp \"{ExpositionTokens.Excerpt(body, position, timestampEnd)}\"");
            }

            TimestampMs = ms;
            position = ExpositionTokens.SkipSpace(body, timestampEnd, end);
        }

        if (position < end)
        {
            if (!_openMetrics || body[position] != '#')
            {
                return Fail($"unexpected \"{ExpositionTokens.Excerpt(body, position, end)}\" after the value");
            }

            return ParseExemplar(body, position + 1, end);
        }

        Entry = ExpositionEntry.Series;
        return true;
    }

    private bool ParseExemplar(ReadOnlySpan<byte> body, int position, int end)
    {
        position = ExpositionTokens.SkipSpace(body, position, end);
        _exemplarLabels.Clear();
        if (position >= end || body[position] != '{' || !ParseLabelBlock(body, ref position, end, _exemplarLabels))
        {
            return Error is null && Fail("invalid exemplar: expected a label set after #");
        }

        position = ExpositionTokens.SkipSpace(body, position, end);
        var valueEnd = ExpositionTokens.SkipToken(body, position, end);
        if (!ExpositionNumbers.TryParseValue(body[position..valueEnd], out var value))
        {
            return Fail("invalid exemplar value");
        }

        ExemplarValue = value;
        ExemplarTimestampMs = null;
        position = ExpositionTokens.SkipSpace(body, valueEnd, end);
        if (position < end)
        {
            var timestampEnd = ExpositionTokens.SkipToken(body, position, end);
            if (!ExpositionNumbers.TryParseSeconds(body[position..timestampEnd], out var ms) || ExpositionTokens.SkipSpace(body, timestampEnd, end) != end)
            {
                return Fail("invalid exemplar timestamp");
            }

            ExemplarTimestampMs = ms;
        }

        HasExemplar = true;
        Entry = ExpositionEntry.Series;
        return true;
    }

    private bool ParseLabelBlock(ReadOnlySpan<byte> body, ref int position, int end, LabelRangeList labels)
    {
        position++;
        while (true)
        {
            position = ExpositionTokens.SkipSpace(body, position, end);
            if (position < end && body[position] == '}')
            {
                position++;
                return true;
            }

            var nameStart = position;
            var nameEnd = ExpositionTokens.ScanLabelName(body, nameStart, end);
            if (nameEnd == nameStart)
            {
                return Fail(position >= end ? "unterminated label set" : $"invalid label name starting with \"{ExpositionTokens.Excerpt(body, position, end)}\"");
            }

            position = ExpositionTokens.SkipSpace(body, nameEnd, end);
            if (position >= end || body[position] != '=')
            {
                return Fail($"expected = after label name \"{ExpositionTokens.Excerpt(body, nameStart, nameEnd)}\"");
            }

            position = ExpositionTokens.SkipSpace(body, position + 1, end);
            if (position >= end || body[position] != '"')
            {
                return Fail($"expected a quoted value for label \"{ExpositionTokens.Excerpt(body, nameStart, nameEnd)}\"");
            }

            if (!ExpositionTokens.ScanQuoted(body, ref position, end, out var value, out var escaped))
            {
                return Fail($"unterminated value of label \"{ExpositionTokens.Excerpt(body, nameStart, nameEnd)}\"");
            }

            if (!Utf8.IsValid(body[value]))
            {
                return Fail($"invalid UTF-8 in the value of label \"{ExpositionTokens.Excerpt(body, nameStart, nameEnd)}\"");
            }

            if (labels.Contains(body, body[nameStart..nameEnd]))
            {
                return Fail($"duplicate label name \"{ExpositionTokens.Excerpt(body, nameStart, nameEnd)}\"");
            }

            labels.Add(new LabelRange(nameStart..nameEnd, value, escaped));
            position = ExpositionTokens.SkipSpace(body, position, end);
            if (position < end && body[position] == ',')
            {
                position++;
            }
            else if (position >= end || body[position] != '}')
            {
                return Fail("expected , or } after a label value");
            }
        }
    }
}
