using YamlDotNet.Core;

namespace NodeCollector.Config;

/// <summary>
/// Collects every problem of one configuration file. Binding records where each key path was written, so that
/// validation, which runs on typed options after binding, can still name the line and column.
/// </summary>
internal sealed class ConfigProblems
{
    private readonly List<ConfigProblem> _problems = [];
    private readonly Dictionary<string, Mark> _positions = new(StringComparer.Ordinal);

    public ConfigProblems(string file)
    {
        File = file;
    }

    public string File { get; }

    public IReadOnlyList<ConfigProblem> All => _problems;

    public bool HasAny => _problems.Count > 0;

    /// <summary>An empty collection that places keys where this one does: for warnings about a file already bound.</summary>
    public ConfigProblems Sibling()
    {
        var sibling = new ConfigProblems(File);
        foreach (var (path, mark) in _positions)
        {
            sibling._positions[path] = mark;
        }

        return sibling;
    }

    public void RecordPosition(string keyPath, Mark mark) => _positions[keyPath] = mark;

    public void Add(Mark mark, string keyPath, string message) =>
        _problems.Add(new ConfigProblem(File, (int)mark.Line, (int)mark.Column, keyPath, message));

    /// <summary>
    /// Adds a validation problem at the position where <paramref name="keyPath"/> (or its nearest written parent)
    /// appears, unless that key already has one: a value that failed to bind is not judged again as its fallback.
    /// </summary>
    public void Add(string keyPath, string message)
    {
        if (_problems.Exists(p => p.KeyPath == keyPath))
        {
            return;
        }

        for (var path = keyPath; path.Length > 0; path = Parent(path))
        {
            if (_positions.TryGetValue(path, out var mark))
            {
                Add(mark, keyPath, message);
                return;
            }
        }

        _problems.Add(new ConfigProblem(File, 0, 0, keyPath, message));
    }

    /// <summary>Adds a problem when a duration that must be positive is not.</summary>
    public void RequirePositive(string keyPath, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            Add(keyPath, "must be greater than 0s");
        }
    }

    /// <summary>Problems in file order, as a user reads them.</summary>
    public IReadOnlyList<ConfigProblem> Sorted() =>
        [.. _problems.OrderBy(p => p.Line).ThenBy(p => p.Column).ThenBy(p => p.KeyPath, StringComparer.Ordinal)];

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut > 0 ? path[..cut] : "";
    }
}
