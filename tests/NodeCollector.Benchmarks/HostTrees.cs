using HostMocks.Demo;
using Microsoft.Extensions.Logging.Abstractions;
using NodeCollector.Config;
using NodeCollector.Host;

namespace NodeCollector.Benchmarks;

/// <summary>The two hosts the host benchmarks collect from: the demo node (node_exporter's fixture tree plus ours) and this machine.</summary>
internal static class HostTrees
{
    /// <summary>Builds the demo node in a temporary directory; the caller deletes <see cref="DemoNodeTree.Root"/>.</summary>
    public static DemoNodeTree BuildDemoNode()
    {
        var root = Directory.CreateTempSubdirectory("nodecollector-bench-").FullName;
        return DemoNodeTree.Build(root, FixturesDir());
    }

    public static HostMetricSource DemoSource(DemoNodeTree tree, IReadOnlyList<string>? collectors = null)
    {
        var options = new HostMetricsOptions
        {
            Textfile = new TextfileOptions { Directory = Path.Combine(tree.Root, "textfile") },
            UdevDataPath = Path.Combine(tree.Root, "udev", "data"),
        };
        Directory.CreateDirectory(options.Textfile.Directory);
        File.WriteAllText(Path.Combine(options.Textfile.Directory, "batch.prom"), "# TYPE batch_last_success_seconds gauge\nbatch_last_success_seconds 1.7e+09\n");
        return Source(new HostCollectorContext(tree.Procfs, tree.Sysfs, tree.Rootfs, options, TimeProvider.System), collectors);
    }

    public static HostMetricSource MachineSource(IReadOnlyList<string>? collectors = null)
    {
        var options = new HostMetricsOptions { Textfile = new TextfileOptions { Directory = Path.GetTempPath() } };
        return Source(new HostCollectorContext("/proc", "/sys", "/", options, TimeProvider.System), collectors);
    }

    private static HostMetricSource Source(HostCollectorContext context, IReadOnlyList<string>? collectors = null) =>
        new(HostCollectorRegistry.Create(collectors ?? ["default"], context), TimeSpan.FromSeconds(5), NullLogger.Instance);

    /// <summary>shared/fixtures beside the repository, or NODECOLLECTOR_FIXTURES; null when neither exists.</summary>
    internal static string? FixturesDir()
    {
        if (Environment.GetEnvironmentVariable("NODECOLLECTOR_FIXTURES") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NodeCollector.sln")))
            {
                var shared = Path.Combine(dir.FullName, "..", "shared", "fixtures");
                return Directory.Exists(shared) ? Path.GetFullPath(shared) : null;
            }
        }

        return null;
    }
}
