using System.Diagnostics.Metrics;
using NodeCollector.Metrics;

namespace NodeCollector.Logs;

/// <summary>
/// The self-metrics of log tailing on <see cref="CollectorMeter"/>, read from the running services: bytes and lines
/// read per pod, files open, files missed and their bytes, line problems, and lag per file in bytes and seconds.
/// </summary>
internal static class LogsMetrics
{
    private static readonly Lock Gate = new();
    private static readonly List<LogsService> Services = [];
    private static bool _created;

    public static void Register(LogsService service)
    {
        lock (Gate)
        {
            Services.Add(service);
            EnsureCreated();
        }
    }

    public static void Unregister(LogsService service)
    {
        lock (Gate)
        {
            Services.Remove(service);
        }
    }

    private static void EnsureCreated()
    {
        if (_created)
        {
            return;
        }

        _created = true;
        var meter = CollectorMeter.Meter;
        meter.CreateObservableCounter("nodecollector_logs_read_bytes_total", () => PerPod(p => p.Bytes), "bytes", "Bytes read from container log files, per pod.");
        meter.CreateObservableCounter("nodecollector_logs_read_lines_total", () => PerPod(p => p.Lines), null, "Log entries read from container log files and handed to the Loki sender, per pod.");
        meter.CreateObservableGauge("nodecollector_logs_files_open", () => Each(s => new Measurement<long>(s.Reconciler?.FilesOpen ?? 0)), null, "Container log files being tailed.");
        Counter(meter, "nodecollector_logs_files_missed_total", "Log files that rotated away (or were compressed while read_gzip_rotated is off) before they were read to the end.", c => c.FilesMissed);
        Counter(meter, "nodecollector_logs_missed_bytes_total", "Bytes of log files that rotated away before they were read.", c => c.BytesMissed);
        Counter(meter, "nodecollector_logs_lines_truncated_total", "Log lines cut at max_line_size and marked.", c => c.LinesTruncated);
        Counter(meter, "nodecollector_logs_lines_malformed_total", "Log lines not in the file's format (CRI or Docker json-file), shipped as read with the read time.", c => c.LinesMalformed);
        Counter(meter, "nodecollector_logs_lines_invalid_utf8_total", "Log lines with invalid UTF-8, shipped with U+FFFD in place of the invalid bytes.", c => c.LinesInvalidUtf8);
        Counter(meter, "nodecollector_logs_file_truncations_total", "Log files found shorter than what was read from them (copytruncate); read again from their start.", c => c.Truncations);
        Counter(meter, "nodecollector_logs_inode_reuses_total", "Log files with the device and inode of a file read before but other first bytes.", c => c.InodeReuses);
        Counter(meter, "nodecollector_logs_watch_overflows_total", "File-system notification buffer overflows under the pods directory; each is answered by listing everything again.", c => c.WatcherOverflows);
        Counter(meter, "nodecollector_logs_positions_corrupt_total", "Positions files found unreadable and moved aside.", c => c.PositionsCorrupt);
        meter.CreateObservableGauge("nodecollector_logs_file_lag_bytes", () => PerFile(t => t.LagBytes), "bytes", "Bytes written to a log file and not read yet.");
        meter.CreateObservableGauge(
            "nodecollector_logs_file_lag_seconds",
            () => PerFile(t => t.LagBytes == 0 || t.LastTimestampUnixNanos == 0
                ? 0
                : Math.Max(0, (t.Context.Time.GetUtcNow() - DateTimeOffset.UnixEpoch.AddTicks(t.LastTimestampUnixNanos / 100)).TotalSeconds)),
            "seconds",
            "Age of the last entry read from a log file that has unread bytes: how far its tailer is behind.");
    }

    private static void Counter(Meter meter, string name, string help, Func<LogsCounters, long> read) =>
        meter.CreateObservableCounter(name, () => Each(s => new Measurement<long>(read(s.Counters))), null, help);

    private static List<Measurement<long>> Each(Func<LogsService, Measurement<long>> measure)
    {
        lock (Gate)
        {
            return Services.ConvertAll(s => measure(s));
        }
    }

    private static List<Measurement<long>> PerPod(Func<PodReadCounters, long> read)
    {
        var all = new List<Measurement<long>>();
        lock (Gate)
        {
            foreach (var service in Services)
            {
                foreach (var (pod, counters) in service.Counters.Pods)
                {
                    all.Add(new Measurement<long>(read(counters), [new("namespace", pod.Namespace), new("pod", pod.Pod)]));
                }
            }
        }

        return all;
    }

    private static List<Measurement<double>> PerFile(Func<LogFileTailer, double> read)
    {
        var all = new List<Measurement<double>>();
        lock (Gate)
        {
            foreach (var service in Services)
            {
                foreach (var tailer in service.Reconciler?.Tailers ?? [])
                {
                    if (!tailer.Finished)
                    {
                        all.Add(new Measurement<double>(read(tailer), [new("path", tailer.Path)]));
                    }
                }
            }
        }

        return all;
    }
}
