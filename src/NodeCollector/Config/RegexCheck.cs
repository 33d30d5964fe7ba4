using NodeCollector.Labels;

namespace NodeCollector.Config;

/// <summary>Rejects, at load time and naming the key, a pattern that is not valid RE2 (the syntax Prometheus and node_exporter use).</summary>
internal static class RegexCheck
{
    public static void Validate(ConfigProblems problems, string keyPath, string pattern)
    {
        if (pattern.Length > 0 && !Re2Regex.IsValid(pattern, out var error))
        {
            problems.Add(keyPath, error!);
        }
    }
}
