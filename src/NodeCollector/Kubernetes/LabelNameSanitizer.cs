using System.Text;

namespace NodeCollector.Kubernetes;

/// <summary>
/// Prometheus' <c>strutil.SanitizeLabelName</c>: every character outside <c>[a-zA-Z0-9_]</c> becomes
/// <c>_</c>, one per Unicode code point (a surrogate pair gives one <c>_</c>).
/// </summary>
internal static class LabelNameSanitizer
{
    public static string Sanitize(string name)
    {
        var firstInvalid = FirstInvalid(name);
        if (firstInvalid < 0)
        {
            return name;
        }

        var builder = new StringBuilder(name.Length);
        builder.Append(name, 0, firstInvalid);
        for (var i = firstInvalid; i < name.Length; i++)
        {
            var c = name[i];
            if (IsValid(c))
            {
                builder.Append(c);
                continue;
            }

            builder.Append('_');
            if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                i++;
            }
        }

        return builder.ToString();
    }

    private static int FirstInvalid(string name)
    {
        for (var i = 0; i < name.Length; i++)
        {
            if (!IsValid(name[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsValid(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
