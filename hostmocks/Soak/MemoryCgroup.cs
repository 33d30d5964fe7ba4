using System.Globalization;
using Mono.Unix.Native;

namespace HostMocks.Soak;

/// <summary>
/// A memory cgroup to run a program in, as a pod's <c>resources.limits.memory</c> does: made under the cgroup v2
/// hierarchy (<c>memory.max</c>) or the v1 memory controller (<c>memory.limit_in_bytes</c>), which needs root. What
/// it reports afterwards is the kernel's own account: the highest charge, how often the limit forced reclaim, and
/// OOM kills. Pages are charged to the cgroup that first reads them, so <see cref="EvictPageCache"/> drops a program's
/// files from the page cache first, as on a node where the pod's image was never read.
/// </summary>
internal sealed class MemoryCgroup : IDisposable
{
    private const string V2Root = "/sys/fs/cgroup";
    private const string V1Root = "/sys/fs/cgroup/memory";

    private readonly bool _v2;

    private MemoryCgroup(string path, bool v2, long limitBytes)
    {
        Path = path;
        _v2 = v2;
        LimitBytes = limitBytes;
    }

    public string Path { get; }

    public long LimitBytes { get; }

    /// <summary>Why no memory cgroup can be made here, or null when one can.</summary>
    public static string? Unavailable()
    {
        try
        {
            using var probe = Create(64L << 20);
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }

    /// <summary>Makes a cgroup limited to <paramref name="limitBytes"/> of memory, without swap.</summary>
    public static MemoryCgroup Create(long limitBytes)
    {
        var name = "nodecollector-" + Guid.NewGuid().ToString("N")[..12];
        var v2 = File.Exists(System.IO.Path.Combine(V2Root, "cgroup.controllers"))
            && File.ReadAllText(System.IO.Path.Combine(V2Root, "cgroup.subtree_control")).Split(' ', '\n').Contains("memory");
        if (!v2 && !Directory.Exists(V1Root))
        {
            throw new InvalidOperationException(
                $"a memory limit needs the cgroup memory controller: neither {V2Root} with memory in cgroup.subtree_control (v2) nor {V1Root} (v1)");
        }

        var path = System.IO.Path.Combine(v2 ? V2Root : V1Root, name);
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"cannot make the memory cgroup {path} (it needs root): {e.Message}", e);
        }

        var cgroup = new MemoryCgroup(path, v2, limitBytes);
        try
        {
            var limit = limitBytes.ToString(CultureInfo.InvariantCulture);
            if (v2)
            {
                cgroup.Write("memory.max", limit);
                cgroup.WriteIfPresent("memory.swap.max", "0");
            }
            else
            {
                cgroup.Write("memory.limit_in_bytes", limit);
                cgroup.WriteIfPresent("memory.swappiness", "0");
            }
        }
        catch
        {
            cgroup.Dispose();
            throw;
        }

        return cgroup;
    }

    /// <summary>A command line that moves itself into this cgroup, then runs <paramref name="command"/> in its place.</summary>
    public IReadOnlyList<string> Wrap(IEnumerable<string> command) =>
        ["/bin/sh", "-c", "echo $$ > \"$0\" && exec \"$@\"", Control("cgroup.procs"), .. command];

    /// <summary>
    /// The highest memory charged to the cgroup, page cache of the files it read included; null on a cgroup v2 kernel
    /// older than 5.19, which keeps no <c>memory.peak</c>.
    /// </summary>
    public long? PeakBytes
    {
        get
        {
            var file = _v2 ? "memory.peak" : "memory.max_usage_in_bytes";
            return File.Exists(Control(file)) ? ReadLong(file) : null;
        }
    }

    /// <summary>How often a charge met the limit and the kernel had to reclaim (v2: <c>max</c> events; v1: <c>failcnt</c>).</summary>
    public long LimitHits => _v2 ? Field("memory.events", "max") : ReadLong("memory.failcnt");

    public long OomKills => Field(_v2 ? "memory.events" : "memory.oom_control", "oom_kill");

    /// <summary>Asks the kernel to drop the cached pages of every file under <paramref name="directory"/>.</summary>
    public static void EvictPageCache(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            using var handle = File.OpenHandle(file);
            if (Syscall.posix_fadvise((int)handle.DangerousGetHandle(), 0, 0, PosixFadviseAdvice.POSIX_FADV_DONTNEED) != 0)
            {
                throw new IOException($"posix_fadvise(DONTNEED) failed on {file}: {Stdlib.GetLastError()}");
            }
        }
    }

    /// <summary>Removes the cgroup; the processes in it must have exited (the kernel may take a moment to let it go).</summary>
    public void Dispose()
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                Directory.Delete(Path);
                return;
            }
            catch (DirectoryNotFoundException)
            {
                return;
            }
            catch (IOException) when (attempt < 50)
            {
                Thread.Sleep(100);
            }
        }
    }

    /// <summary>The path of one of the cgroup's control files.</summary>
    private string Control(string file) => System.IO.Path.Combine(Path, file);

    private void Write(string file, string value) => File.WriteAllText(Control(file), value);

    private void WriteIfPresent(string file, string value)
    {
        if (File.Exists(Control(file)))
        {
            Write(file, value);
        }
    }

    private long ReadLong(string file) =>
        long.Parse(File.ReadAllText(Control(file)).Trim(), CultureInfo.InvariantCulture);

    /// <summary>A <c>name value</c> line of a flat-keyed file; 0 when the kernel does not report it.</summary>
    private long Field(string file, string name)
    {
        foreach (var line in File.ReadLines(Control(file)))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && line.AsSpan(0, space).SequenceEqual(name))
            {
                return long.Parse(line.AsSpan(space + 1), CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
