using NodeCollector.Labels;

namespace NodeCollector.Config;

/// <summary>Checks <c>logs.structured_metadata</c>: names of stream labels that Loki can take as structured metadata.</summary>
internal static class StructuredMetadataNames
{
    /// <summary>Loki's default <c>max_structured_metadata_entries_count</c>: more names could never all be sent.</summary>
    public const int MaxEntries = 128;

    /// <summary>The label the collector sets per output stream after relabeling; it always stays a stream label.</summary>
    public const string StreamLabel = "stream";

    public static void Validate(IReadOnlyList<string> names, ConfigProblems problems, string path)
    {
        if (names.Count > MaxEntries)
        {
            problems.Add(path, $"{names.Count} names; Loki takes at most {MaxEntries} structured metadata entries per log line");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            var at = $"{path}[{i}]";
            if (!LabelNames.IsValid(name))
            {
                problems.Add(at, $"\"{name}\" is not a valid label name (expected [a-zA-Z_][a-zA-Z0-9_]*)");
            }
            else if (name.StartsWith("__", StringComparison.Ordinal))
            {
                problems.Add(at, $"\"{name}\" starts with __: such labels are removed before shipping; copy the value to a label with relabel_configs first");
            }
            else if (name == StreamLabel)
            {
                problems.Add(at, "\"stream\" is the collector's own stream label (stdout/stderr) and cannot be structured metadata");
            }
            else if (!seen.Add(name))
            {
                problems.Add(at, $"\"{name}\" is listed twice");
            }
        }
    }
}
