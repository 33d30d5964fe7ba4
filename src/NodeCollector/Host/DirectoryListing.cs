using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// The entries of a sysfs directory that rarely changes (devices of a class, ports of a device), listed again only
/// when the number of entries changed: a steady collection counts them with readdir and allocates nothing.
/// </summary>
internal sealed class DirectoryListing
{
    private readonly string _dir;
    private readonly string _pattern;
    private int _count = -1;
    private string[] _entries = [];

    public DirectoryListing(string dir, string pattern = "*")
    {
        _dir = dir;
        _pattern = pattern;
    }

    /// <summary>The entries matching the pattern, as full paths in name order; false when the directory cannot be read.</summary>
    public bool TryList(out string[] entries)
    {
        if (!DirectoryEntryCounter.TryCount(_dir, out var count))
        {
            _count = -1;
            entries = _entries = [];
            return false;
        }

        if (count != _count)
        {
            _entries = Directory.GetFileSystemEntries(_dir, _pattern);
            Array.Sort(_entries, StringComparer.Ordinal);
            _count = count;
        }

        entries = _entries;
        return true;
    }
}
