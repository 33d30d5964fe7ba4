using System.IO.Enumeration;

namespace NodeCollector.Logs;

/// <summary>
/// Lists directories for discovery without a new string per entry per round: full paths seen in this round or the
/// one before are handed back as the same string, and whether an entry is a symlink comes from the listing itself, so
/// only links need a look at their target. Used from the reconciler's round thread only.
/// </summary>
internal sealed class ListedPaths
{
    private Dictionary<string, string> _current = new(StringComparer.Ordinal);
    private Dictionary<string, string> _previous = new(StringComparer.Ordinal);
    private char[] _buffer = new char[256];

    /// <summary>The entries of <paramref name="directory"/> that are directories (<paramref name="directories"/>) or not, with a symlink flag each.</summary>
    public List<(string Path, bool IsLink)> List(string directory, bool directories)
    {
        var enumerable = new FileSystemEnumerable<(string, bool)>(
            directory,
            (ref FileSystemEntry entry) => (Intern(directory, entry.FileName), (entry.Attributes & FileAttributes.ReparsePoint) != 0),
            new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0, IgnoreInaccessible = false })
        {
            ShouldIncludePredicate = directories ? (ref FileSystemEntry entry) => entry.IsDirectory : (ref FileSystemEntry entry) => !entry.IsDirectory,
        };
        return [.. enumerable];
    }

    /// <summary>Ends a round: paths not listed in this round nor the one before are forgotten.</summary>
    public void EndRound()
    {
        (_previous, _current) = (_current, _previous);
        _current.Clear();
    }

    private string Intern(ReadOnlySpan<char> directory, ReadOnlySpan<char> name)
    {
        // As Path.Join (and so Directory.GetFiles) writes it: the directory as given, one separator.
        var separator = directory.EndsWith('/') ? 0 : 1;
        var length = directory.Length + separator + name.Length;
        if (_buffer.Length < length)
        {
            _buffer = new char[length * 2];
        }

        directory.CopyTo(_buffer);
        _buffer[directory.Length] = '/';
        name.CopyTo(_buffer.AsSpan(directory.Length + separator));
        var path = _buffer.AsSpan(0, length);
        if (_current.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(path, out var known))
        {
            return known;
        }

        if (!_previous.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(path, out known))
        {
            known = path.ToString();
        }

        _current[known] = known;
        return known;
    }
}
