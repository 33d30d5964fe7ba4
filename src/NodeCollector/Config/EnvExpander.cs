using System.Text;

namespace NodeCollector.Config;

/// <summary>
/// Expands <c>${env:VAR}</c> and <c>${env:VAR:-default}</c> in configuration values; <c>$$</c> is a literal
/// <c>$</c>. Any other <c>$</c> is kept as written, so relabel replacements such as <c>$1</c> and <c>${1}</c>
/// pass through unchanged.
/// </summary>
internal static class EnvExpander
{
    private const string Prefix = "${env:";

    /// <summary>Expands <paramref name="value"/>; on failure returns false with a message naming the variable.</summary>
    public static bool TryExpand(string value, Func<string, string?> environment, out string expanded, out string? error)
    {
        error = null;
        expanded = value;
        if (!value.Contains('$', StringComparison.Ordinal))
        {
            return true;
        }

        var result = new StringBuilder(value.Length);
        var i = 0;
        while (i < value.Length)
        {
            var c = value[i];
            if (c != '$')
            {
                result.Append(c);
                i++;
                continue;
            }

            if (i + 1 < value.Length && value[i + 1] == '$')
            {
                result.Append('$');
                i += 2;
                continue;
            }

            if (!value.AsSpan(i).StartsWith(Prefix, StringComparison.Ordinal))
            {
                result.Append(c);
                i++;
                continue;
            }

            var close = value.IndexOf('}', i + Prefix.Length);
            if (close < 0)
            {
                error = $"unterminated \"{Prefix}\" (expected {Prefix}NAME}} or {Prefix}NAME:-default}})";
                return false;
            }

            var body = value.AsSpan(i + Prefix.Length, close - i - Prefix.Length);
            var defaultAt = body.IndexOf(":-", StringComparison.Ordinal);
            var name = (defaultAt >= 0 ? body[..defaultAt] : body).ToString();
            if (!IsValidName(name))
            {
                error = $"\"{name}\" is not a valid environment variable name";
                return false;
            }

            var resolved = environment(name);
            if (string.IsNullOrEmpty(resolved) && defaultAt >= 0)
            {
                resolved = body[(defaultAt + 2)..].ToString();
            }

            if (resolved is null)
            {
                error = $"environment variable {name} is not set (give a default with {Prefix}{name}:-value}})";
                return false;
            }

            result.Append(resolved);
            i = close + 1;
        }

        expanded = result.ToString();
        return true;
    }

    private static bool IsValidName(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
