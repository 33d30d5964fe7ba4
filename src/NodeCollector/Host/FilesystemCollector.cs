using Microsoft.Extensions.Logging;
using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// node_exporter's <c>filesystem</c>: the host's mounts from <c>/proc/1/mountinfo</c> (else <c>self/mountinfo</c>),
/// filtered by mount point and fs type, each statfs'd under the rootfs prefix on worker threads. A mount that does
/// not answer within <c>filesystem.mount_timeout</c> is reported with <c>device_error</c> 1 and the label
/// <c>device_error="mountpoint timeout"</c> until its call returns.
/// </summary>
internal sealed class FilesystemCollector : IHostCollector
{
    private static readonly MetricFamily Avail = new("node_filesystem_avail_bytes", "Filesystem space available to non-root users in bytes.", MetricType.Gauge);
    private static readonly MetricFamily DeviceError = new("node_filesystem_device_error", "Whether an error occurred while getting statistics for the given device.", MetricType.Gauge);
    private static readonly MetricFamily Files = new("node_filesystem_files", "Filesystem total file nodes.", MetricType.Gauge);
    private static readonly MetricFamily FilesFree = new("node_filesystem_files_free", "Filesystem total free file nodes.", MetricType.Gauge);
    private static readonly MetricFamily Free = new("node_filesystem_free_bytes", "Filesystem free space in bytes.", MetricType.Gauge);
    private static readonly MetricFamily MountInfoFamily = new("node_filesystem_mount_info", "Filesystem mount information.", MetricType.Gauge);
    private static readonly MetricFamily ReadOnly = new("node_filesystem_readonly", "Filesystem read-only status.", MetricType.Gauge);
    private static readonly MetricFamily Size = new("node_filesystem_size_bytes", "Filesystem size in bytes.", MetricType.Gauge);

    private static readonly MetricFamily[] Families = [DeviceError, ReadOnly, Size, Free, Avail, Files, FilesFree, MountInfoFamily];
    private const int MountInfoIndex = 7;

    // statfs calls in flight at most; beyond that, hung mounts delay the rest (which then report a timeout).
    private const int MaxStatfsThreads = 16;

    private readonly string[] _mountInfoPaths;
    private readonly string _rootfs;
    private readonly DeviceFilter _mountPoints;
    private readonly DeviceFilter _fsTypes;
    private readonly TimeSpan _timeout;
    private readonly Func<string, FilesystemStat> _statfs;
    private readonly ILogger _logger;
    private readonly FileBuffer _file = new(16384);
    private readonly LabelValueCache _strings = new();
    private readonly WorkerThreads _workers = new("statfs", MaxStatfsThreads);
    private readonly Dictionary<string, StatfsCall> _calls = new(StringComparer.Ordinal);
    private readonly List<(MountInfo Mount, StatfsCall Call)> _mounts = [];
    private readonly HashSet<(string, string, string, string)> _seen = [];
    private readonly Label[] _labels = new Label[4];

    public FilesystemCollector(HostCollectorContext context, Func<string, FilesystemStat>? statfs = null)
    {
        _mountInfoPaths = [context.Proc("1", "mountinfo"), context.Proc("self", "mountinfo")];
        _rootfs = Path.TrimEndingDirectorySeparator(context.Rootfs);
        _mountPoints = new DeviceFilter(context.Options.Filesystem.MountPointsExclude);
        _fsTypes = new DeviceFilter(context.Options.Filesystem.FsTypesExclude);
        _timeout = context.Options.Filesystem.MountTimeout;
        _statfs = statfs ?? StatfsCall.Statvfs;
        _logger = context.Logger;
    }

    public string Name => "filesystem";

    public bool TryCollect(IMetricWriter writer, out string? failure)
    {
        var path = File.Exists(_mountInfoPaths[0]) ? _mountInfoPaths[0] : _mountInfoPaths[1];
        if (!_file.TryRead(path, out var text, out failure))
        {
            return false;
        }

        _mounts.Clear();
        var lines = 0;
        var round = new ScrapeRound();
        while (Ascii.NextLine(ref text, out var line))
        {
            if (line.IsEmpty)
            {
                continue;
            }

            if (!MountInfo.TryParse(line, _rootfs, _strings, out var mount))
            {
                failure = $"{path}: malformed line {lines + 1}";
                return false;
            }

            lines++;
            if (_mountPoints.Excludes(mount.MountPoint) || _fsTypes.Excludes(mount.FsType))
            {
                continue;
            }

            var call = CallFor(mount.MountPoint);
            call.TryStart(round, _workers);
            _mounts.Add((mount, call));
        }

        if (lines == 0)
        {
            failure = $"{path}: no mounts";
            return false;
        }

        round.Wait(_timeout);
        Write(writer, round);
        return true;
    }

    private void Write(IMetricWriter writer, ScrapeRound round)
    {
        for (var f = 0; f < Families.Length; f++)
        {
            var family = Families[f];
            writer.WriteFamily(family);
            _seen.Clear();
            foreach (var (mount, call) in _mounts)
            {
                var finished = ReferenceEquals(call.FinishedIn, round);
                ReportStuck(call, stuck: !finished);
                var error = finished ? call.Result.Error : "mountpoint timeout";
                if (!_seen.Add((mount.Device, mount.MountPoint, mount.FsType, error ?? "")))
                {
                    continue;
                }

                var stat = call.Result;
                // device_error and readonly for every mount; the rest only for mounts statfs answered.
                var value = f switch
                {
                    0 => error is null ? 0 : 1,
                    1 => finished && mount.ReadOnly ? 1 : 0,
                    _ when error is not null => double.NaN,
                    2 => stat.Size,
                    3 => stat.Free,
                    4 => stat.Avail,
                    5 => stat.Files,
                    6 => stat.FilesFree,
                    _ => 1,
                };
                if (double.IsNaN(value))
                {
                    continue;
                }

                if (f == MountInfoIndex)
                {
                    _labels[0] = new Label("device", mount.Device);
                    _labels[1] = new Label("major", mount.Major);
                    _labels[2] = new Label("minor", mount.Minor);
                    _labels[3] = new Label("mountpoint", mount.MountPoint);
                }
                else
                {
                    _labels[0] = new Label("device", mount.Device);
                    _labels[1] = new Label("device_error", error is null ? "" : _strings.Get(error));
                    _labels[2] = new Label("fstype", mount.FsType);
                    _labels[3] = new Label("mountpoint", mount.MountPoint);
                }

                writer.WriteSample(family.Name, _labels, value);
            }
        }
    }

    private StatfsCall CallFor(string mountPoint)
    {
        if (!_calls.TryGetValue(mountPoint, out var call))
        {
            if (_calls.Count > 4096)
            {
                // Mounts come and go (pod volumes); forget the ones not running.
                foreach (var idle in _calls.Where(c => !c.Value.IsRunning).Select(c => c.Key).ToList())
                {
                    _calls.Remove(idle);
                }
            }

            var path = mountPoint == "/" ? _rootfs : _rootfs + mountPoint;
            call = new StatfsCall(path.Length == 0 ? "/" : path, _statfs);
            _calls[mountPoint] = call;
        }

        return call;
    }

    private void ReportStuck(StatfsCall call, bool stuck)
    {
        if (stuck != call.ReportedStuck)
        {
            call.ReportedStuck = stuck;
            if (stuck)
            {
                Log.MountStuck(_logger, call.Path, Config.PromDuration.Format(_timeout));
            }
            else
            {
                Log.MountRecovered(_logger, call.Path);
            }
        }
    }
}
