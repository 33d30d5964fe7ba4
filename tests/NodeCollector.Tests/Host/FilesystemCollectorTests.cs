using NodeCollector.Config;
using NodeCollector.Host;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Host;

/// <summary>The filesystem collector with a fake statfs: values, labels, exclusions, read-only, errors and a mount that hangs.</summary>
public sealed class FilesystemCollectorTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nodecollector-fs-").FullName;
    private FilesystemCollector? _collector;

    public FilesystemCollectorTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "proc", "1"));
        File.WriteAllText(Path.Combine(_root, "proc", "1", "mountinfo"), """
            21 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw,errors=remount-ro
            22 21 0:21 / /proc rw,nosuid - proc proc rw
            24 21 0:5 / /dev rw,nosuid - devtmpfs udev rw
            26 21 259:1 / /boot/efi ro,relatime shared:30 - vfat /dev/nvme0n1p1 rw
            28 25 0:45 / /run/k3s/task/rootfs rw - overlay overlay rw
            30 21 0:47 / /mnt/shared\040data rw,relatime shared:42 - nfs4 10.0.0.5:/export/shared rw,vers=4.2
            31 21 0:48 / /mnt/gone rw - ext4 /dev/sdz rw

            """);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Mounts_are_reported_with_node_exporters_names_labels_and_values()
    {
        var families = Collect(FakeStatfs);

        Assert.Equal(
            [
                "node_filesystem_size_bytes{device=\"/dev/nvme0n1p1\",device_error=\"\",fstype=\"vfat\",mountpoint=\"/boot/efi\"} 5.36870912e+08",
                "node_filesystem_size_bytes{device=\"/dev/nvme0n1p2\",device_error=\"\",fstype=\"ext4\",mountpoint=\"/\"} 5.36870912e+08",
                "node_filesystem_size_bytes{device=\"10.0.0.5:/export/shared\",device_error=\"\",fstype=\"nfs4\",mountpoint=\"/mnt/shared data\"} 5.36870912e+08",
            ],
            families["node_filesystem_size_bytes"].Samples.Order(StringComparer.Ordinal));
        Assert.Contains("node_filesystem_avail_bytes{device=\"/dev/nvme0n1p2\",device_error=\"\",fstype=\"ext4\",mountpoint=\"/\"} 1.048576e+08", families["node_filesystem_avail_bytes"].Samples);
        Assert.Contains("node_filesystem_readonly{device=\"/dev/nvme0n1p1\",device_error=\"\",fstype=\"vfat\",mountpoint=\"/boot/efi\"} 1", families["node_filesystem_readonly"].Samples);
        Assert.Contains("node_filesystem_readonly{device=\"/dev/nvme0n1p2\",device_error=\"\",fstype=\"ext4\",mountpoint=\"/\"} 0", families["node_filesystem_readonly"].Samples);
        Assert.Contains("node_filesystem_device_error{device=\"/dev/sdz\",device_error=\"no such file or directory\",fstype=\"ext4\",mountpoint=\"/mnt/gone\"} 1", families["node_filesystem_device_error"].Samples);
        Assert.DoesNotContain(families["node_filesystem_size_bytes"].Samples, s => s.Contains("/mnt/gone", StringComparison.Ordinal));
        Assert.DoesNotContain(families.Values.SelectMany(f => f.Samples), s => s.Contains("overlay", StringComparison.Ordinal) || s.Contains("/proc", StringComparison.Ordinal) || s.Contains("udev", StringComparison.Ordinal));
    }

    [Fact]
    public void A_hanging_mount_is_reported_stuck_within_the_mount_timeout_and_recovers()
    {
        using var release = new ManualResetEventSlim();
        var logger = new ListLogger();
        FilesystemStat Hanging(string path)
        {
            if (path.EndsWith("/mnt/shared data", StringComparison.Ordinal))
            {
                release.Wait();
            }

            return FakeStatfs(path);
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var first = Collect(Hanging, logger);
        var second = Collect(Hanging, logger, reuse: true);
        var elapsed = clock.Elapsed;
        release.Set();
        const string Recovered = "node_filesystem_device_error{device=\"10.0.0.5:/export/shared\",device_error=\"\",fstype=\"nfs4\",mountpoint=\"/mnt/shared data\"} 0";
        var third = first;
        SpinWait.SpinUntil(() => (third = Collect(Hanging, logger, reuse: true))["node_filesystem_device_error"].Samples.Contains(Recovered), TimeSpan.FromSeconds(5));

        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"two collections took {elapsed}");
        const string Stuck = "node_filesystem_device_error{device=\"10.0.0.5:/export/shared\",device_error=\"mountpoint timeout\",fstype=\"nfs4\",mountpoint=\"/mnt/shared data\"} 1";
        Assert.Contains(Stuck, first["node_filesystem_device_error"].Samples);
        Assert.Contains(Stuck, second["node_filesystem_device_error"].Samples);
        Assert.Contains("node_filesystem_size_bytes{device=\"/dev/nvme0n1p2\",device_error=\"\",fstype=\"ext4\",mountpoint=\"/\"} 5.36870912e+08", second["node_filesystem_size_bytes"].Samples);
        Assert.Contains(Recovered, third["node_filesystem_device_error"].Samples);
        Assert.True(logger.Events.Select(e => e.EventId).SequenceEqual([3004, 3005]), string.Join("\n", logger.Events));
    }

    private Dictionary<string, ExpositionFamily> Collect(Func<string, FilesystemStat> statfs, ListLogger? logger = null, bool reuse = false)
    {
        var options = new HostMetricsOptions { Filesystem = new FilesystemOptions { MountTimeout = TimeSpan.FromMilliseconds(300) } };
        var context = new HostCollectorContext(Path.Combine(_root, "proc"), Path.Combine(_root, "sys"), _root, options, TimeProvider.System, logger);
        _collector = reuse && _collector is not null ? _collector : new FilesystemCollector(context, statfs);
        var source = new HostMetricSource([_collector], TimeSpan.FromSeconds(5), new ListLogger());
        return Exposition.Parse(Exposition.Render(source));
    }

    private FilesystemStat FakeStatfs(string path) =>
        path.EndsWith("/mnt/gone", StringComparison.Ordinal)
            ? new FilesystemStat(0, 0, 0, 0, 0, "no such file or directory")
            : new FilesystemStat(131072 * 4096.0, 51200 * 4096.0, 25600 * 4096.0, 65536, 60000, null);
}
