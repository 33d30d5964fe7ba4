using System.Text;

namespace NodeCollector.Host;

/// <summary>os-release(5): <c>KEY=value</c> lines with shell-style quoting (double quotes with backslash escapes, single quotes literal).</summary>
internal static class OsRelease
{
    public static Dictionary<string, string> Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (line.Length == 0 || line[0] == '#' || equals <= 0)
            {
                continue;
            }

            var key = line[..equals];
            if (!key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                continue;
            }

            values[key] = Unquote(line[(equals + 1)..]);
        }

        return values;
    }

    private static string Unquote(string value)
    {
        var result = new StringBuilder(value.Length);
        var quote = '\0';
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (quote == '\'')
            {
                if (c == '\'')
                {
                    quote = '\0';
                }
                else
                {
                    result.Append(c);
                }
            }
            else if (c == '\\' && i + 1 < value.Length && (quote == '\0' || "\"\\$`".Contains(value[i + 1], StringComparison.Ordinal)))
            {
                result.Append(value[++i]);
            }
            else if (c == '"')
            {
                quote = quote == '"' ? '\0' : '"';
            }
            else if (c == '\'' && quote == '\0')
            {
                quote = '\'';
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }
}
