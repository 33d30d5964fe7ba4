using System.Text.RegularExpressions;

namespace NodeCollector.Labels;

/// <summary>
/// A regular expression written in RE2 syntax (Prometheus' and node_exporter's), compiled for .NET so that it
/// matches what Go would: fully anchored, <c>.</c> matching newlines, ASCII <c>\d \w \s</c>, group numbers as Go
/// numbers them, and linear-time matching (<see cref="RegexOptions.NonBacktracking"/>), so no input can make it
/// backtrack catastrophically.
/// </summary>
internal sealed class Re2Regex
{
    public const string DefaultRelabelPattern = "(.*)";

    private static readonly TimeSpan CompileBudget = TimeSpan.FromSeconds(5);

    private Re2Regex(string pattern, Regex regex, IReadOnlyDictionary<string, int> groupNumbers)
    {
        Pattern = pattern;
        Regex = regex;
        GroupNumbers = groupNumbers;
    }

    /// <summary>The pattern as the user wrote it.</summary>
    public string Pattern { get; }

    public Regex Regex { get; }

    /// <summary>Named groups and their Go group numbers (every group is compiled unnamed, numbered left to right).</summary>
    public IReadOnlyDictionary<string, int> GroupNumbers { get; }

    /// <summary>Compiles <paramref name="pattern"/> anchored at both ends (as Prometheus' relabel regexes are).</summary>
    public static bool TryCreateAnchored(string pattern, out Re2Regex? regex, out string? error) =>
        TryCreate(pattern, anchored: true, out regex, out error);

    /// <summary>Compiles <paramref name="pattern"/> unanchored (a search, as node_exporter's include/exclude patterns are).</summary>
    public static bool TryCreateUnanchored(string pattern, out Re2Regex? regex, out string? error) =>
        TryCreate(pattern, anchored: false, out regex, out error);

    public bool IsMatch(string input) => Regex.IsMatch(input);

    public Match Match(string input) => Regex.Match(input);

    public override string ToString() => Pattern;

    private static bool TryCreate(string pattern, bool anchored, out Re2Regex? regex, out string? error)
    {
        regex = null;
        if (!Re2Translator.TryTranslate(pattern, out var translated, out var groups, out error))
        {
            error = $"invalid RE2 regular expression \"{pattern}\": {error}";
            return false;
        }

        try
        {
            var text = anchored ? "^(?:" + translated + ")\\z" : translated;
            var compiled = new Regex(text, RegexOptions.NonBacktracking | RegexOptions.Singleline | RegexOptions.CultureInvariant, CompileBudget);
            regex = new Re2Regex(pattern, compiled, groups);
            return true;
        }
        catch (ArgumentException e)
        {
            error = $"invalid regular expression \"{pattern}\": {e.Message}";
            return false;
        }
        catch (NotSupportedException e)
        {
            error = $"regular expression \"{pattern}\" uses a construct RE2 does not accept: {e.Message}";
            return false;
        }
    }
}
