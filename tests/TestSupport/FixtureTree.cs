namespace NodeCollector.TestSupport;

/// <summary>
/// node_exporter's fixture tree (proc and usr copied, sys and udev unpacked from their ttar archives) laid out once per test run into a temporary directory, with the
/// empty sysfs directories git cannot keep recreated, and our own composed files (hostmocks/ParityNode) added for
/// what the fixture lacks (netdev, mountinfo, uname files). The shared fixture itself is never written.
/// </summary>
internal static class FixtureTree
{
    private static readonly Lazy<string> Tree = new(Build);

    public static string Root => Tree.Value;

    public static string Procfs => Path.Combine(Root, "proc");

    public static string Sysfs => Path.Combine(Root, "sys");

    /// <summary>A fresh copy for a test that changes files; the caller deletes it.</summary>
    public static string CopyTo(string destination)
    {
        CopyTree(Root, destination);
        return destination;
    }

    private static string Build()
    {
        // Rebuilt by each run at a name fixed per test assembly, so a killed test host leaves one copy, replaced next time.
        // Not inside the repository: its sysfs symlinks form cycles, and tools that walk the checkout following symlinks
        // (BenchmarkDotNet's search for the benchmark project) never finish and grow without bound.
        var root = Path.Combine(Path.GetTempPath(), "nodecollector-host-fixture-tree-" + AssemblyDirectoryHash());
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        Directory.CreateDirectory(root);
        var source = RepoPaths.Fixture("node_exporter");
        foreach (var part in new[] { "proc", "usr" })
        {
            CopyTree(Path.Combine(source, part), Path.Combine(root, part));
        }

        // sys/ beside the archive has its symlinks flattened into files; the archive keeps them.
        HostMocks.Demo.TtarArchive.Extract(Path.Combine(source, "sys.ttar"), root);
        HostMocks.Demo.TtarArchive.Extract(Path.Combine(source, "udev.ttar"), root);

        foreach (var line in File.ReadLines(Path.Combine(source, "sys-empty-dirs.txt")))
        {
            var relative = line.Trim();
            if (relative.Length > 0 && !relative.StartsWith('#'))
            {
                Directory.CreateDirectory(Path.Combine(root, relative.TrimStart('/')));
            }
        }

        CopyTree(Path.Combine(RepoPaths.Root, "hostmocks", "ParityNode"), root);
        File.Delete(Path.Combine(root, "README.md"));
        return root;
    }

    private static string AssemblyDirectoryHash() =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(AppContext.BaseDirectory)))[..12];

    private static void CopyTree(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            var target = Path.Combine(destination, entry.Name);
            if (entry.LinkTarget is { } link)
            {
                if (!File.Exists(target) && !Directory.Exists(target))
                {
                    if (entry is DirectoryInfo)
                    {
                        Directory.CreateSymbolicLink(target, link);
                    }
                    else
                    {
                        File.CreateSymbolicLink(target, link);
                    }
                }
            }
            else if (entry is DirectoryInfo directory)
            {
                CopyTree(directory.FullName, target);
            }
            else
            {
                File.Copy(entry.FullName, target, overwrite: true);
            }
        }
    }
}
