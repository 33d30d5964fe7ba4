using System.Text.RegularExpressions;

namespace NodeCollector.Config;

/// <summary>Rejects patterns that do not compile, at load time, naming the key.</summary>
internal static class RegexCheck
{
    public static void Validate(ConfigProblems problems, string keyPath, string pattern)
    {
        if (pattern.Length == 0)
        {
            return;
        }

        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            problems.Add(keyPath, $"invalid regular expression \"{pattern}\": {e.Message}");
        }
    }
}
