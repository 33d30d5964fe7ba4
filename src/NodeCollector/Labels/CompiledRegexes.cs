using System.Text.RegularExpressions;

namespace NodeCollector.Labels;

/// <summary>
/// The compiled linear-time regexes of this process, one per pattern text. A regex of .NET's non-backtracking engine
/// keeps 170 KB or more however small the pattern (<c>regex-memory</c> benchmark: 171 KiB per rule for the demo
/// node's relabel patterns, 1.5 KiB with the backtracking engine), and a configuration repeats patterns: the default
/// <c>(.*)</c>, and the same <c>keep</c> and <c>labelmap</c> rules in every scrape job. Entries are weak, so a regex
/// of a configuration that was reloaded away is collected with it. A <see cref="Regex"/> may be matched from many
/// threads at once.
/// </summary>
internal static class CompiledRegexes
{
    private static readonly Dictionary<string, WeakReference<Regex>> Regexes = new(StringComparer.Ordinal);

    /// <summary>The regex compiled from <paramref name="text"/> by <paramref name="compile"/>, or the one compiled from it before.</summary>
    public static Regex GetOrCompile(string text, Func<string, Regex> compile)
    {
        lock (Regexes)
        {
            if (Regexes.TryGetValue(text, out var known) && known.TryGetTarget(out var regex))
            {
                return regex;
            }

            regex = compile(text);
            RemoveCollected();
            Regexes[text] = new WeakReference<Regex>(regex);
            return regex;
        }
    }

    private static void RemoveCollected()
    {
        foreach (var (text, reference) in Regexes)
        {
            if (!reference.TryGetTarget(out _))
            {
                Regexes.Remove(text);
            }
        }
    }
}
