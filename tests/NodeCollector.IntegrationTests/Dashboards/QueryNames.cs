namespace NodeCollector.IntegrationTests.Dashboards;

/// <summary>
/// The metric names and label names a PromQL or LogQL expression uses: each selector with the labels it matches on
/// (<c>metric{a="x"}</c>, or a bare <c>{a="x"}</c> stream selector), the labels of <c>by</c>, <c>without</c>,
/// <c>on</c>, <c>ignoring</c> and <c>group_*</c> clauses, and the identifiers that are neither a function nor a
/// keyword (a metric name in PromQL; in LogQL a parser stage such as <c>json</c>, which would add labels).
/// Strings, range and subquery brackets and numbers are skipped; Grafana variables only occur inside them.
/// </summary>
internal sealed record QueryNames(IReadOnlyList<QuerySelector> Selectors, IReadOnlyList<string> GroupingLabels)
{
    private static readonly HashSet<string> Grouping = ["by", "without", "on", "ignoring", "group_left", "group_right"];
    private static readonly HashSet<string> Keywords = ["and", "or", "unless", "bool", "offset", "inf", "nan", "atan2"];

    /// <summary>Aggregation operators, which may be followed by <c>by (...)</c> before their parenthesis.</summary>
    private static readonly HashSet<string> Aggregations =
    [
        "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio",
    ];

    public IEnumerable<string> Metrics => Selectors.Where(s => s.Metric is not null).Select(s => s.Metric!);

    public static QueryNames Parse(string expression)
    {
        var selectors = new List<QuerySelector>();
        var grouping = new List<string>();
        var text = expression.AsSpan();
        var i = 0;
        string? pendingMetric = null;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is '"' or '\'' or '`')
            {
                i = SkipString(text, i);
            }
            else if (c == '[')
            {
                i = text[i..].IndexOf(']') is var end and >= 0 ? i + end + 1 : throw Fail(expression, "an unclosed [");
            }
            else if (c == '{')
            {
                var labels = new List<string>();
                i = ReadMatchers(expression, i + 1, labels);
                if (pendingMetric is not null)
                {
                    selectors[^1] = selectors[^1] with { Labels = labels };
                }
                else
                {
                    selectors.Add(new QuerySelector(null, labels));
                }
            }
            else if (IsIdentifierStart(c))
            {
                var start = i;
                while (i < text.Length && IsIdentifierPart(text[i]))
                {
                    i++;
                }

                var word = text[start..i].ToString();
                var next = SkipSpaces(text, i);
                if (Grouping.Contains(word) && next < text.Length && text[next] == '(')
                {
                    i = ReadNameList(expression, next + 1, grouping);
                }
                else if (next < text.Length && text[next] == '(' || Keywords.Contains(word) || Grouping.Contains(word) || Aggregations.Contains(word))
                {
                    // A function or aggregation, or an operator keyword.
                }
                else
                {
                    selectors.Add(new QuerySelector(word, []));
                    pendingMetric = word;
                    continue;
                }
            }
            else if (char.IsAsciiDigit(c) || c == '.')
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '.' || (text[i] is '+' or '-' && text[i - 1] is 'e' or 'E')))
                {
                    i++;
                }
            }
            else
            {
                i++;
            }

            if (!char.IsWhiteSpace(c))
            {
                pendingMetric = null;
            }
        }

        return new QueryNames(selectors, grouping);
    }

    private static int ReadMatchers(string expression, int i, List<string> labels)
    {
        var text = expression.AsSpan();
        while (true)
        {
            i = SkipSpaces(text, i);
            if (i >= text.Length)
            {
                throw Fail(expression, "an unclosed {");
            }

            if (text[i] == '}')
            {
                return i + 1;
            }

            if (text[i] == ',')
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && IsIdentifierPart(text[i]))
            {
                i++;
            }

            if (i == start)
            {
                throw Fail(expression, $"a label matcher at {start}");
            }

            labels.Add(expression[start..i]);
            i = SkipSpaces(text, i);
            while (i < text.Length && text[i] is '=' or '!' or '~')
            {
                i++;
            }

            i = SkipString(text, SkipSpaces(text, i));
        }
    }

    private static int ReadNameList(string expression, int i, List<string> names)
    {
        var end = expression.IndexOf(')', i);
        if (end < 0)
        {
            throw Fail(expression, "an unclosed (");
        }

        names.AddRange(expression[i..end].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return end + 1;
    }

    private static int SkipString(ReadOnlySpan<char> text, int i)
    {
        var quote = text[i];
        if (quote is not ('"' or '\'' or '`'))
        {
            return i;
        }

        for (i++; i < text.Length; i++)
        {
            if (text[i] == '\\' && quote != '`')
            {
                i++;
            }
            else if (text[i] == quote)
            {
                return i + 1;
            }
        }

        throw new FormatException("an unclosed string in " + text.ToString());
    }

    private static int SkipSpaces(ReadOnlySpan<char> text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c is '_' or ':';

    private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or ':';

    private static FormatException Fail(string expression, string what) => new($"{what} in {expression}");
}

/// <summary>One selector of an expression: its metric name (null for <c>{...}</c> alone) and the labels it matches.</summary>
internal sealed record QuerySelector(string? Metric, IReadOnlyList<string> Labels);
