using System.Buffers;
using System.Globalization;
using System.Text;
using NodeCollector.Labels;
using NodeCollector.Metrics;
using NodeCollector.Scrape;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Scrape;

public class ExpositionParserTests
{
    public static TheoryData<string, string, bool, string> Cases => new()
    {
        { "counter with help and type", "# HELP a_total Things.\n# TYPE a_total counter\na_total{x=\"1\"} 3\n", false,
            "HELP a_total Things.|TYPE a_total Counter|{__name__=\"a_total\", x=\"1\"} 3" },
        { "timestamp in ms", "a 1.5 1700000000123\n", false, "{__name__=\"a\"} 1.5 @1700000000123" },
        { "negative timestamp", "a 1 -5\n", false, "{__name__=\"a\"} 1 @-5" },
        { "specials", "a +Inf\nb -Inf\nc NaN\nd inf\ne Infinity\n", false,
            "{__name__=\"a\"} +Inf|{__name__=\"b\"} -Inf|{__name__=\"c\"} NaN|{__name__=\"d\"} +Inf|{__name__=\"e\"} +Inf" },
        { "exponent and point forms", "a 1e+06\nb -1.5E-3\nc .5\nd 1.\n", false,
            "{__name__=\"a\"} 1e+06|{__name__=\"b\"} -0.0015|{__name__=\"c\"} 0.5|{__name__=\"d\"} 1" },
        { "escapes in label values", "a{p=\"C:\\\\x\",q=\"say \\\"hi\\\"\",n=\"l1\\nl2\",u=\"keep \\t\"} 1\n", false,
            "{__name__=\"a\", n=\"l1\\nl2\", p=\"C:\\\\x\", q=\"say \\\"hi\\\"\", u=\"keep \\\\t\"} 1" },
        { "trailing comma and spaces", "a { x = \"1\" , y=\"2\", } 7\n", false, "{__name__=\"a\", x=\"1\", y=\"2\"} 7" },
        { "empty label set", "a{} 7\n", false, "{__name__=\"a\"} 7" },
        { "empty value is absent", "a{x=\"\"} 7\n", false, "{__name__=\"a\"} 7" },
        { "blank lines and comments", "\n  \n# just a comment\n#HELP not a help\na 1\n", false, "{__name__=\"a\"} 1" },
        { "tabs and CRLF", "a\t1\t5\r\n", false, "{__name__=\"a\"} 1 @5" },
        { "integers, the fast path and past it", "a 0\nb -0\nc 007\nd 123456789012345\ne 1234567890123456789\nf -42\n", false,
            "{__name__=\"a\"} 0|{__name__=\"b\"} -0|{__name__=\"c\"} 7|{__name__=\"d\"} 1.23456789012345e+14|{__name__=\"e\"} 1.2345678901234568e+18|{__name__=\"f\"} -42" },
        { "colon in name", "job:rate5m 2\n", false, "{__name__=\"job:rate5m\"} 2" },
        { "help escapes in text", "# HELP a one\\\\two\\nthree \\\"q\\\"\na 1\n", false, "HELP a one\\two\nthree \\\"q\\\"|{__name__=\"a\"} 1" },
        { "utf-8 label value", "a{city=\"Zürich\"} 1\n", false, "{__name__=\"a\", city=\"Zürich\"} 1" },
        { "no final newline", "a 1", false, "{__name__=\"a\"} 1" },
        { "openmetrics counter", "# TYPE a counter\n# UNIT a seconds\n# HELP a \"Quoted\" \\\"help\\\".\na_total 1.0 1700000000.5\na_created 1.6e9\n# EOF\n", true,
            "TYPE a Counter|UNIT a seconds|HELP a \"Quoted\" \"help\".|{__name__=\"a_total\"} 1 @1700000000500|{__name__=\"a_created\"} 1.6e+09" },
        { "openmetrics exemplar", "# TYPE b histogram\nb_bucket{le=\"1.0\"} 2 # {trace_id=\"abc\"} 0.5 1700000000.001\nb_bucket{le=\"+Inf\"} 3\nb_count 3\nb_sum 1.5\n# EOF", true,
            "TYPE b Histogram|{__name__=\"b_bucket\", le=\"1.0\"} 2 #ex 0.5 @1700000000001|{__name__=\"b_bucket\", le=\"+Inf\"} 3|{__name__=\"b_count\"} 3|{__name__=\"b_sum\"} 1.5" },
        { "openmetrics types", "# TYPE s stateset\ns{s=\"a\"} 1\n# TYPE i info\ni_info{v=\"1\"} 1\n# TYPE g gaugehistogram\n# TYPE u unknown\n# EOF\n", true,
            "TYPE s StateSet|{__name__=\"s\", s=\"a\"} 1|TYPE i Info|{__name__=\"i_info\", v=\"1\"} 1|TYPE g GaugeHistogram|TYPE u Untyped" },
        { "openmetrics timestamp truncates", "a 1 1.0009\na 1 -0.5\n# EOF\n", true, "{__name__=\"a\"} 1 @1000|{__name__=\"a\"} 1 @-500" },
    };

    public static TheoryData<string, string, bool, int, string> Errors => new()
    {
        { "invalid value", "a 1\nb x1\n", false, 2, "invalid value \"x1\"" },
        { "missing value", "a 1\nb\n", false, 2, "expected a value after the series" },
        { "bad name", "1a 2\n", false, 1, "invalid metric name starting with \"1a 2\"" },
        { "bad label name", "a{1x=\"1\"} 1\n", false, 1, "invalid label name starting with \"1x=\"1\"} 1\"" },
        { "unquoted label value", "a{x=1} 1\n", false, 1, "expected a quoted value for label \"x\"" },
        { "unterminated value", "a{x=\"1} 1\n", false, 1, "unterminated value of label \"x\"" },
        { "missing comma", "a{x=\"1\" y=\"2\"} 1\n", false, 1, "expected , or } after a label value" },
        { "duplicate label", "a{x=\"1\",x=\"2\"} 1\n", false, 1, "duplicate label name \"x\"" },
        { "invalid utf-8", "a{x=\"\xff\xfe\"} 1\n", false, 1, "invalid UTF-8 in the value of label \"x\"" },
        { "bad type", "# TYPE a countr\n", false, 1, "invalid metric type \"countr\"" },
        { "unknown is openmetrics only", "# TYPE a unknown\n", false, 1, "invalid metric type \"unknown\"" },
        { "bad timestamp", "a 1 12x\n", false, 1, "invalid timestamp \"12x\"" },
        { "float timestamp in text", "a 1 1.5\n", false, 1, "invalid timestamp \"1.5\"" },
        { "junk after timestamp", "a 1 2 3\n", false, 1, "unexpected \"3\" after the value" },
        { "exemplar in text", "a 1 # {t=\"1\"} 1\n", false, 1, "unexpected \"# {t=\"1\"} 1\" after the value" },
        { "quoted name", "{\"a.b\"} 1\n", false, 1, "quoted (UTF-8) metric names are not supported" },
        { "openmetrics without eof", "a 1\n", true, 1, "the exposition does not end with # EOF" },
        { "openmetrics blank line", "a 1\n\n# EOF\n", true, 2, "blank line" },
        { "openmetrics after eof", "# EOF\na 1\n", true, 2, "content after # EOF" },
        { "openmetrics bad exemplar", "a_total 1 # nope\n# EOF\n", true, 1, "invalid exemplar: expected a label set after #" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parses(string name, string body, bool openMetrics, string expected)
    {
        var (entries, error) = ParseAll(Encoding.UTF8.GetBytes(body), openMetrics);

        Assert.True(error is null, $"{name}: {error}");
        Assert.Equal(expected, string.Join("|", entries));
    }

    [Theory]
    [MemberData(nameof(Errors))]
    public void Rejects_with_line_and_reason(string name, string body, bool openMetrics, int line, string reason)
    {
        var bytes = body.Contains('\xff', StringComparison.Ordinal) ? Latin1WithInvalidUtf8(body) : Encoding.UTF8.GetBytes(body);

        var (_, error) = ParseAll(bytes, openMetrics);

        Assert.True(error is not null, name);
        Assert.Equal(new ExpositionParseError(line, reason), error);
    }

    [Fact]
    public void Every_prefix_of_a_body_parses_or_fails_cleanly()
    {
        var body = Encoding.UTF8.GetBytes("# HELP a_total A \\\\ help.\n# TYPE a_total counter\na_total{x=\"1\",y=\"q\\\"\"} 3 1700000000000\n# TYPE h histogram\nh_bucket{le=\"0.5\"} 1 # {t=\"x\"} 0.2 1.5\nh_count 1\n# EOF\n");
        foreach (var openMetrics in new[] { false, true })
        {
            for (var length = 0; length <= body.Length; length++)
            {
                var parser = new ExpositionParser();
                parser.Reset(body.AsMemory(0, length), openMetrics);
                while (parser.Next())
                {
                    if (parser.Entry == ExpositionEntry.Series)
                    {
                        parser.CopyLabels(new LabelSetBuilder());
                    }
                }
            }
        }
    }

    [Fact]
    public void What_our_writer_writes_parses_back_to_the_same_samples()
    {
        var labels = new Label[] { new("path", "C:\\dir \"x\"\nnext"), new("zone", "Zürich") };
        foreach (var format in new[] { ExpositionFormat.PrometheusText, ExpositionFormat.OpenMetrics })
        {
            var buffer = new ArrayBufferWriter<byte>();
            var writer = new TextExpositionWriter(buffer, format);
            writer.WriteFamily(new MetricFamily("requests_total", "Requests \"served\"\\n.", MetricType.Counter));
            writer.WriteSample("requests_total", labels, 1234.5, 1700000000123);
            writer.WriteFamily(new MetricFamily("temperature", "Now.", MetricType.Gauge));
            writer.WriteSample("temperature", [], double.NegativeInfinity);
            writer.Complete();

            var (entries, error) = ParseAll(buffer.WrittenSpan.ToArray(), format == ExpositionFormat.OpenMetrics);

            Assert.Null(error);
            Assert.Contains("{__name__=\"requests_total\", path=\"C:\\\\dir \\\"x\\\"\\nnext\", zone=\"Zürich\"} 1234.5 @1700000000123", entries);
            Assert.Contains("{__name__=\"temperature\"} -Inf", entries);
            Assert.Contains("HELP " + (format == ExpositionFormat.OpenMetrics ? "requests" : "requests_total") + " Requests \"served\"\\n.", entries);
        }
    }

    [FixtureFact("kubelet/cadvisor.txt")]
    public void Parses_a_real_kubelet_cadvisor_response()
    {
        var (entries, error) = ParseAll(File.ReadAllBytes(RepoPaths.Fixture("kubelet", "cadvisor.txt")), openMetrics: false);

        Assert.Null(error);
        Assert.Equal(78, entries.Count(e => e.StartsWith("TYPE ", StringComparison.Ordinal)));
        var series = entries.Where(e => e.StartsWith('{')).ToList();
        Assert.True(series.Count > 4000, $"{series.Count} series");
        Assert.True(series.Count(s => s.Contains(" @", StringComparison.Ordinal)) > series.Count / 2, "most cAdvisor samples carry timestamps");
    }

    private static byte[] Latin1WithInvalidUtf8(string body) => Encoding.Latin1.GetBytes(body);

    private static (List<string> Entries, ExpositionParseError? Error) ParseAll(byte[] body, bool openMetrics)
    {
        var parser = new ExpositionParser();
        parser.Reset(body, openMetrics);
        var entries = new List<string>();
        var builder = new LabelSetBuilder();
        while (parser.Next())
        {
            var name = Encoding.UTF8.GetString(parser.MetricName);
            switch (parser.Entry)
            {
                case ExpositionEntry.Help:
                    entries.Add($"HELP {name} {parser.Text}");
                    break;
                case ExpositionEntry.Unit:
                    entries.Add($"UNIT {name} {parser.Text}");
                    break;
                case ExpositionEntry.Type:
                    entries.Add($"TYPE {name} {parser.Type}");
                    break;
                default:
                    builder.Clear();
                    parser.CopyLabels(builder);
                    var text = $"{builder.Build()} {GoFloatFormatter.ToString(parser.Value)}";
                    text += parser.TimestampMs is { } ts ? " @" + ts.ToString(CultureInfo.InvariantCulture) : "";
                    text += parser.HasExemplar ? $" #ex {GoFloatFormatter.ToString(parser.ExemplarValue)} @{parser.ExemplarTimestampMs}" : "";
                    entries.Add(text);
                    break;
            }
        }

        return (entries, parser.Error);
    }
}
