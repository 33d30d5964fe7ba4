using System.Globalization;
using System.Text;

namespace HostMocks.Loki;

/// <summary>
/// Parses a stream's label string as Loki does (<c>{name="value", ...}</c>, an optional metric name before the brace,
/// Go escapes in values) and checks it: valid Prometheus names, no duplicates, at least one label. Empty values are
/// dropped. The canonical form (sorted, <c>", "</c>-joined) keys the fake's streams.
/// </summary>
internal static class FakeLokiLabels
{
    public static bool TryParse(string text, out SortedDictionary<string, string> labels, out string error)
    {
        labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        error = "";
        var i = text.IndexOf('{', StringComparison.Ordinal);
        if (i < 0 || !text.TrimEnd().EndsWith('}'))
        {
            error = $"parse error: expected a label set in braces, got \"{text}\"";
            return false;
        }

        i++;
        while (true)
        {
            SkipSpaces(text, ref i);
            if (i < text.Length && text[i] == '}')
            {
                break;
            }

            var start = i;
            while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
            {
                i++;
            }

            var name = text[start..i];
            if (!IsValidName(name))
            {
                error = $"parse error: invalid label name \"{name}\" in {text}";
                return false;
            }

            SkipSpaces(text, ref i);
            if (i >= text.Length || text[i] != '=')
            {
                error = $"parse error: expected = after label {name} in {text}";
                return false;
            }

            i++;
            SkipSpaces(text, ref i);
            if (!TryReadQuoted(text, ref i, out var value))
            {
                error = $"parse error: bad quoted value of label {name} in {text}";
                return false;
            }

            if (labels.ContainsKey(name))
            {
                error = $"error parsing labels {text}: duplicate label name \"{name}\"";
                return false;
            }

            if (value.Length > 0)
            {
                labels[name] = value;
            }

            SkipSpaces(text, ref i);
            if (i < text.Length && text[i] == ',')
            {
                i++;
            }
        }

        if (labels.Count == 0)
        {
            error = "error at least one label pair is required per stream";
            return false;
        }

        return true;
    }

    public static string Canonical(IReadOnlyDictionary<string, string> labels) =>
        "{" + string.Join(", ", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=\"" + Escape(l.Value) + "\"")) + "}";

    public static bool IsValidName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static void SkipSpaces(string text, ref int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }
    }

    private static bool TryReadQuoted(string text, ref int i, out string value)
    {
        value = "";
        if (i >= text.Length || text[i] != '"')
        {
            return false;
        }

        var result = new StringBuilder();
        for (i++; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                i++;
                value = result.ToString();
                return true;
            }

            if (c != '\\')
            {
                result.Append(c);
                continue;
            }

            if (++i >= text.Length)
            {
                return false;
            }

            switch (text[i])
            {
                case 'n': result.Append('\n'); break;
                case 't': result.Append('\t'); break;
                case 'r': result.Append('\r'); break;
                case '\\': result.Append('\\'); break;
                case '"': result.Append('"'); break;
                case 'u' when i + 4 < text.Length && int.TryParse(text.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var u):
                    result.Append((char)u);
                    i += 4;
                    break;
                case 'x' when i + 2 < text.Length && int.TryParse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var x):
                    result.Append((char)x);
                    i += 2;
                    break;
                default:
                    return false;
            }
        }

        return false;
    }
}
