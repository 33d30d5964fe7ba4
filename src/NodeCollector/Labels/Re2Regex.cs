using System.Text.RegularExpressions;

namespace NodeCollector.Labels;

/// <summary>
/// A regular expression written in RE2 syntax (Prometheus' and node_exporter's), compiled for .NET so that it
/// matches what Go would: fully anchored, <c>.</c> matching newlines, ASCII <c>\d \w \s</c>, group numbers as Go
/// numbers them, and linear-time matching (<see cref="RegexOptions.NonBacktracking"/>), so no input can make it
/// backtrack catastrophically. A compiled pattern is shared by every rule that has it (<see cref="CompiledRegexes"/>):
/// the linear-time engine keeps 170 KB or more per regex, whatever the pattern.
/// </summary>
internal sealed class Re2Regex
{
    public const string DefaultRelabelPattern = "(.*)";

    private const RegexOptions Options = RegexOptions.NonBacktracking | RegexOptions.Singleline | RegexOptions.CultureInvariant;

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

    /// <summary>
    /// Whether <paramref name="pattern"/> is valid RE2, checked without building a matcher: for settings that are
    /// validated here and matched elsewhere, where a compiled regex would only be garbage.
    /// </summary>
    public static bool IsValid(string pattern, out string? error)
    {
        if (!TryTranslate(pattern, out var translated, out _, out error))
        {
            return false;
        }

        try
        {
            // The backtracking engine parses the same syntax and builds next to nothing; it is never run.
            _ = new Regex(translated, Options & ~RegexOptions.NonBacktracking, CompileBudget);
            return true;
        }
        catch (ArgumentException e)
        {
            error = Invalid(pattern, e);
            return false;
        }
    }

    public bool IsMatch(string input) => Regex.IsMatch(input);

    public Match Match(string input) => Regex.Match(input);

    public override string ToString() => Pattern;

    private static bool TryCreate(string pattern, bool anchored, out Re2Regex? regex, out string? error)
    {
        regex = null;
        if (!TryTranslate(pattern, out var translated, out var groups, out error))
        {
            return false;
        }

        try
        {
            var text = anchored ? "^(?:" + translated + ")\\z" : translated;
            regex = new Re2Regex(pattern, CompiledRegexes.GetOrCompile(text, static t => new Regex(t, Options, CompileBudget)), groups);
            return true;
        }
        catch (ArgumentException e)
        {
            error = Invalid(pattern, e);
            return false;
        }
        catch (NotSupportedException e)
        {
            error = $"regular expression \"{pattern}\" uses a construct RE2 does not accept: {e.Message}";
            return false;
        }
    }

    private static bool TryTranslate(string pattern, out string translated, out IReadOnlyDictionary<string, int> groups, out string? error)
    {
        if (Re2Translator.TryTranslate(pattern, out translated, out groups, out error))
        {
            return true;
        }

        error = $"invalid RE2 regular expression \"{pattern}\": {error}";
        return false;
    }

    private static string Invalid(string pattern, ArgumentException e) => $"invalid regular expression \"{pattern}\": {e.Message}";
}
