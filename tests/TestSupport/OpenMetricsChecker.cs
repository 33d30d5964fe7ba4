using System.Globalization;

namespace NodeCollector.TestSupport;

/// <summary>
/// A structural check of OpenMetrics 1.0 text, for where no external tool can judge it (promtool 2.x lints only
/// text 0.0.4). It checks the rules our writer must keep: the <c># EOF</c> end, no blank lines or CR, one TYPE
/// (and at most one HELP and UNIT) per family before its samples, families contiguous and unique, UNIT a suffix
/// of the name, sample names that fit the type, parsable label sets and values, canonical <c>le</c>/<c>quantile</c>,
/// integer, cumulative histogram buckets ending in <c>+Inf</c> equal to <c>_count</c>. It is not a full parser.
/// </summary>
internal static class OpenMetricsChecker
{
    /// <summary>Every problem found, each naming its line; empty when the text passed.</summary>
    public static IReadOnlyList<string> Check(string text)
    {
        var problems = new List<string>();
        if (!text.EndsWith("# EOF\n", StringComparison.Ordinal) && !text.EndsWith("# EOF", StringComparison.Ordinal))
        {
            problems.Add("does not end with # EOF");
        }

        if (text.Contains('\r', StringComparison.Ordinal))
        {
            problems.Add("contains a carriage return");
        }

        var lines = text.TrimEnd('\n').Split('\n');
        var family = new FamilyState("");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var where = $"line {i + 1} '{line}'";
            if (line.Length == 0)
            {
                problems.Add($"{where}: blank line");
            }
            else if (line == "# EOF")
            {
                if (i != lines.Length - 1)
                {
                    problems.Add($"{where}: # EOF before the end");
                }
            }
            else if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                family = CheckMetadata(line, where, family, seen, problems);
            }
            else
            {
                CheckSample(line, where, family, problems);
            }
        }

        FinishFamily(family, problems);
        return problems;
    }

    private static FamilyState CheckMetadata(string line, string where, FamilyState family, HashSet<string> seen, List<string> problems)
    {
        var parts = line.Split(' ', 4);
        if (parts.Length < 4 || parts[1] is not ("TYPE" or "HELP" or "UNIT"))
        {
            problems.Add($"{where}: not a TYPE, HELP or UNIT line");
            return family;
        }

        var (kind, name, rest) = (parts[1], parts[2], parts[3]);
        if (name != family.Name)
        {
            FinishFamily(family, problems);
            if (!seen.Add(name))
            {
                problems.Add($"{where}: family {name} appears twice or is not contiguous");
            }

            family = new FamilyState(name);
        }
        else if (family.Samples > 0)
        {
            problems.Add($"{where}: metadata after samples");
        }

        if (!family.Metadata.Add(kind))
        {
            problems.Add($"{where}: second {kind} for {name}");
        }

        if (kind == "TYPE")
        {
            if (rest is not ("counter" or "gauge" or "histogram" or "gaugehistogram" or "summary" or "info" or "stateset" or "unknown"))
            {
                problems.Add($"{where}: unknown type {rest}");
            }

            family.Type = rest;
        }
        else if (kind == "UNIT" && !name.EndsWith("_" + rest, StringComparison.Ordinal))
        {
            problems.Add($"{where}: unit {rest} is not a suffix of {name}");
        }

        return family;
    }

    private static void CheckSample(string line, string where, FamilyState family, List<string> problems)
    {
        if (!TryParseSample(line, out var name, out var labels, out var value))
        {
            problems.Add($"{where}: cannot parse the sample");
            return;
        }

        family.Samples++;
        if (family.Type.Length == 0)
        {
            problems.Add($"{where}: sample outside a typed family");
            return;
        }

        var suffix = name.StartsWith(family.Name, StringComparison.Ordinal) ? name[family.Name.Length..] : null;
        var allowed = family.Type switch
        {
            "counter" => suffix is "_total" or "_created",
            "histogram" => suffix is "_bucket" or "_sum" or "_count" or "_created",
            "summary" => suffix is "" or "_sum" or "_count" or "_created",
            _ => suffix is "",
        };
        if (!allowed)
        {
            problems.Add($"{where}: {name} does not belong to {family.Type} {family.Name}");
        }

        if (!TryParseNumber(value, out var number))
        {
            problems.Add($"{where}: value {value} is not a number");
        }

        var canonical = family.Type == "histogram" ? "le" : family.Type == "summary" ? "quantile" : null;
        if (canonical is not null && labels.TryGetValue(canonical, out var bound) && !IsCanonical(bound))
        {
            problems.Add($"{where}: {canonical}=\"{bound}\" is not canonical");
        }

        if (family.Type == "histogram" && suffix is "_bucket" or "_count")
        {
            CheckHistogramCount(where, family, suffix, labels, value, number, problems);
        }
    }

    private static void CheckHistogramCount(
        string where, FamilyState family, string suffix, Dictionary<string, string> labels, string value, double number, List<string> problems)
    {
        if (!value.All(char.IsAsciiDigit))
        {
            problems.Add($"{where}: {suffix} value {value} is not an integer");
        }

        labels.Remove("le", out var le);
        var series = string.Join(',', labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
        if (suffix == "_bucket")
        {
            if (family.LastBucket.TryGetValue(series, out var previous) && number < previous)
            {
                problems.Add($"{where}: buckets are not cumulative");
            }

            family.LastBucket[series] = number;
            if (le == "+Inf")
            {
                family.InfBucket[series] = number;
            }
        }
        else if (!family.InfBucket.TryGetValue(series, out var inf) || inf != number)
        {
            problems.Add($"{where}: _count differs from the le=\"+Inf\" bucket or that bucket is missing");
        }
    }

    private static void FinishFamily(FamilyState family, List<string> problems)
    {
        if (family.Name.Length > 0 && !family.Metadata.Contains("TYPE"))
        {
            problems.Add($"family {family.Name} has no TYPE");
        }
    }

    private static bool TryParseSample(string line, out string name, out Dictionary<string, string> labels, out string value)
    {
        labels = new Dictionary<string, string>(StringComparer.Ordinal);
        value = "";
        var i = 0;
        while (i < line.Length && line[i] is not ('{' or ' '))
        {
            i++;
        }

        name = line[..i];
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (i < line.Length && line[i] != '}')
            {
                var equals = line.IndexOf('=', i);
                if (equals < 0 || equals + 1 >= line.Length || line[equals + 1] != '"')
                {
                    return false;
                }

                var labelName = line[i..equals];
                var labelValue = new System.Text.StringBuilder();
                for (i = equals + 2; i < line.Length && line[i] != '"'; i++)
                {
                    if (line[i] == '\\' && i + 1 < line.Length)
                    {
                        i++;
                        labelValue.Append(line[i] switch { 'n' => '\n', var c => c });
                    }
                    else
                    {
                        labelValue.Append(line[i]);
                    }
                }

                if (i >= line.Length || !labels.TryAdd(labelName, labelValue.ToString()))
                {
                    return false;
                }

                i++;
                if (i < line.Length && line[i] == ',')
                {
                    i++;
                }
            }

            i++;
        }

        if (i >= line.Length || line[i] != ' ')
        {
            return false;
        }

        var rest = line[(i + 1)..].Split(' ');
        value = rest[0];
        return name.Length > 0 && rest.Length <= 2 && (rest.Length == 1 || TryParseNumber(rest[1], out _));
    }

    private static bool TryParseNumber(string text, out double number)
    {
        switch (text)
        {
            case "NaN":
                number = double.NaN;
                return true;
            case "+Inf":
                number = double.PositiveInfinity;
                return true;
            case "-Inf":
                number = double.NegativeInfinity;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
        }
    }

    private static bool IsCanonical(string number) =>
        number is "+Inf" or "-Inf" or "NaN" || (TryParseNumber(number, out _) && number.IndexOfAny(['.', 'e']) >= 0);

    private sealed class FamilyState(string name)
    {
        public string Name { get; } = name;

        public string Type { get; set; } = "";

        public HashSet<string> Metadata { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, double> LastBucket { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, double> InfBucket { get; } = new(StringComparer.Ordinal);

        public int Samples { get; set; }
    }
}
