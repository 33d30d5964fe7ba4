using System.Runtime.InteropServices;

namespace NodeCollector.Files;

/// <summary>
/// A directory the collector may read below, judged by where a path really leads (every symlink on the way
/// resolved, as <c>realpath(3)</c> does), so a link planted inside the root cannot make the collector read a file
/// outside it.
/// </summary>
internal sealed partial class ConfinedRoot
{
    private readonly string _prefix;

    public ConfinedRoot(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Path = RealPath(root) ?? System.IO.Path.GetFullPath(root);
        _prefix = Path.EndsWith('/') ? Path : Path + "/";
    }

    /// <summary>The root's real location.</summary>
    public string Path { get; }

    /// <summary>
    /// True when <paramref name="path"/> leads to the root or below it; false when it leads elsewhere or cannot be
    /// resolved (a dangling link), with <paramref name="target"/> saying where it leads.
    /// </summary>
    public bool Contains(string path, out string target)
    {
        var real = RealPath(path);
        target = real ?? "(unresolvable)";
        return real is not null && (real == Path || real.StartsWith(_prefix, StringComparison.Ordinal));
    }

    /// <summary>True when <paramref name="path"/> resolves to a place outside the root; false inside it, or when it does not exist (any more).</summary>
    public bool LeadsOutside(string path) =>
        RealPath(path) is { } real && real != Path && !real.StartsWith(_prefix, StringComparison.Ordinal);

    /// <summary>Where <paramref name="path"/> really leads, or null when it does not exist or cannot be resolved.</summary>
    public static string? RealPath(string path)
    {
        var resolved = RealPathNative(path, 0);
        if (resolved == 0)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            Free(resolved);
        }
    }

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint RealPathNative(string path, nint resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(nint pointer);
}
