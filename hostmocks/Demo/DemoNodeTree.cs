namespace HostMocks.Demo;

/// <summary>
/// Lays out the demo node's file systems in a directory: node_exporter's fixture <c>proc</c>, <c>sys</c> and
/// <c>usr</c> trees when they are available (they stay outside this repository), then our own composed files
/// (<c>DemoNode/</c>) over them.
/// </summary>
internal sealed class DemoNodeTree
{
    private DemoNodeTree(string root, bool hasFixtures)
    {
        Root = root;
        HasFixtures = hasFixtures;
    }

    public string Root { get; }

    /// <summary>True when node_exporter's fixture tree was laid under our files.</summary>
    public bool HasFixtures { get; }

    public string Procfs => Path.Combine(Root, "proc");

    public string Sysfs => Path.Combine(Root, "sys");

    public string Rootfs => Path.Combine(Root, "root");

    public string PodsDir => Path.Combine(Root, "var", "log", "pods");

    public string StateDir => Path.Combine(Root, "state");

    /// <summary>Builds the tree in <paramref name="root"/>; <paramref name="fixturesDir"/> is shared/fixtures, or null.</summary>
    public static DemoNodeTree Build(string root, string? fixturesDir)
    {
        Directory.CreateDirectory(root);
        var nodeExporter = fixturesDir is null ? null : Path.Combine(fixturesDir, "node_exporter");
        var hasFixtures = nodeExporter is not null && Directory.Exists(Path.Combine(nodeExporter, "proc"));
        if (hasFixtures)
        {
            foreach (var part in new[] { "proc", "usr" })
            {
                CopyTree(Path.Combine(nodeExporter!, part), Path.Combine(root, part));
            }

            // The unpacked sys/ beside the archive has its symlinks flattened into files; the archive keeps them.
            TtarArchive.Extract(Path.Combine(nodeExporter!, "sys.ttar"), root);
            TtarArchive.Extract(Path.Combine(nodeExporter!, "udev.ttar"), root);
            CreateEmptyDirectories(Path.Combine(nodeExporter!, "sys-empty-dirs.txt"), root);
        }

        CopyTree(Path.Combine(AppContext.BaseDirectory, "DemoNode"), root);
        File.Delete(Path.Combine(root, "README.md"));
        Directory.CreateDirectory(Path.Combine(root, "state"));
        return new DemoNodeTree(root, hasFixtures);
    }

    private static void CopyTree(string source, string destination)
    {
        if (!Directory.Exists(source))
        {
            return;
        }

        Directory.CreateDirectory(destination);
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            var target = Path.Combine(destination, entry.Name);
            if (entry.LinkTarget is { } link)
            {
                if (File.Exists(target) || Directory.Exists(target))
                {
                    continue;
                }

                if (entry is DirectoryInfo)
                {
                    Directory.CreateSymbolicLink(target, link);
                }
                else
                {
                    File.CreateSymbolicLink(target, link);
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

    /// <summary>Git cannot keep empty directories; the fixture lists the ones its sysfs needs (paths relative to the fixture root).</summary>
    private static void CreateEmptyDirectories(string listFile, string root)
    {
        if (!File.Exists(listFile))
        {
            return;
        }

        foreach (var line in File.ReadLines(listFile))
        {
            var relative = line.Trim();
            if (relative.Length > 0 && !relative.StartsWith('#'))
            {
                Directory.CreateDirectory(Path.Combine(root, relative.TrimStart('/')));
            }
        }
    }
}
