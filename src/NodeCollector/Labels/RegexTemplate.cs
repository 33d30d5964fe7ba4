using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace NodeCollector.Labels;

/// <summary>
/// Expands <c>$1</c>, <c>${1}</c>, <c>$name</c>, <c>${name}</c> and <c>$$</c> exactly as Go's <c>Regexp.Expand</c> does:
/// a bare name is the longest run of letters, digits and underscores (so <c>$1x</c> is group "1x"); unknown or
/// unmatched groups expand to ""; a malformed reference leaves the <c>$</c> as text. .NET's own substitution
/// differs on all three, so Prometheus-compatible relabeling cannot use it.
/// </summary>
internal static class RegexTemplate
{
    public static string Expand(string template, Match match, Re2Regex regex)
    {
        if (!template.Contains('$', StringComparison.Ordinal))
        {
            return template;
        }

        var output = new StringBuilder(template.Length + 16);
        var rest = template.AsSpan();
        while (true)
        {
            var dollar = rest.IndexOf('$');
            if (dollar < 0)
            {
                output.Append(rest);
                return output.ToString();
            }

            output.Append(rest[..dollar]);
            rest = rest[(dollar + 1)..];
            if (!rest.IsEmpty && rest[0] == '$')
            {
                output.Append('$');
                rest = rest[1..];
                continue;
            }

            if (!TryExtract(rest, out var name, out var number, out var consumed))
            {
                output.Append('$');
                continue;
            }

            rest = rest[consumed..];
            if (number < 0 && !regex.GroupNumbers.TryGetValue(name.ToString(), out number))
            {
                continue;
            }

            if (number < match.Groups.Count && match.Groups[number].Success)
            {
                output.Append(match.Groups[number].ValueSpan);
            }
        }
    }

    /// <summary>True when <paramref name="template"/> references a group, i.e. holds a <c>$</c>.</summary>
    public static bool HasReference(string template) => template.Contains('$', StringComparison.Ordinal);

    private static bool TryExtract(ReadOnlySpan<char> text, out ReadOnlySpan<char> name, out int number, out int consumed)
    {
        name = default;
        number = -1;
        consumed = 0;
        var braced = !text.IsEmpty && text[0] == '{';
        var start = braced ? 1 : 0;
        var i = start;
        while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
        {
            i++;
        }

        if (i == start)
        {
            return false;
        }

        name = text[start..i];
        if (braced)
        {
            if (i >= text.Length || text[i] != '}')
            {
                return false;
            }

            i++;
        }

        consumed = i;
        var isNumber = name.Length < 9 && !(name[0] == '0' && name.Length > 1);
        foreach (var c in name)
        {
            isNumber &= char.IsAsciiDigit(c);
        }

        if (isNumber)
        {
            number = int.Parse(name, NumberStyles.None, CultureInfo.InvariantCulture);
        }

        return true;
    }
}
