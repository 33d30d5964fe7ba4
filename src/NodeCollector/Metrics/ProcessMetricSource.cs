using System.Buffers;
using System.Globalization;

namespace NodeCollector.Metrics;

/// <summary>
/// The standard <c>process_*</c> metrics of our own process, named, described and computed like client_golang's
/// process collector (via prometheus/procfs): from <c>self/stat</c>, <c>self/limits</c>, <c>self/fd</c> and the
/// boot time in <c>stat</c> under the proc root. A file that cannot be read or parsed leaves out its families.
/// </summary>
internal sealed class ProcessMetricSource : IMetricSource
{
    // procfs hardcodes USER_HZ to 100 rather than asking sysconf; so do we, to report the same numbers.
    private const double UserHz = 100;

    private static readonly MetricFamily CpuSeconds =
        new("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", MetricType.Counter);

    private static readonly MetricFamily MaxFds = new("process_max_fds", "Maximum number of open file descriptors.", MetricType.Gauge);
    private static readonly MetricFamily OpenFds = new("process_open_fds", "Number of open file descriptors.", MetricType.Gauge);
    private static readonly MetricFamily ResidentMemory = new("process_resident_memory_bytes", "Resident memory size in bytes.", MetricType.Gauge);

    private static readonly MetricFamily StartTime =
        new("process_start_time_seconds", "Start time of the process since unix epoch in seconds.", MetricType.Gauge);

    private static readonly MetricFamily VirtualMemory = new("process_virtual_memory_bytes", "Virtual memory size in bytes.", MetricType.Gauge);

    private static readonly MetricFamily VirtualMemoryMax =
        new("process_virtual_memory_max_bytes", "Maximum amount of virtual memory available in bytes.", MetricType.Gauge);

    private readonly string _statPath;
    private readonly string _limitsPath;
    private readonly string _fdPath;
    private readonly string _systemStatPath;
    private readonly long _pageSize;

    // The boot time does not change; read it once.
    private long _bootTime = -1;

    public ProcessMetricSource()
        : this("/proc")
    {
    }

    public ProcessMetricSource(string procRoot)
        : this(procRoot, Environment.SystemPageSize)
    {
    }

    public ProcessMetricSource(string procRoot, int pageSize)
    {
        _statPath = Path.Combine(procRoot, "self", "stat");
        _limitsPath = Path.Combine(procRoot, "self", "limits");
        _fdPath = Path.Combine(procRoot, "self", "fd");
        _systemStatPath = Path.Combine(procRoot, "stat");
        _pageSize = pageSize;
    }

    public void Collect(IMetricWriter writer)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            ProcessStat stat = default;
            var hasStat = TryRead(_statPath, ref buffer, out var length) && ProcessStat.TryParse(buffer.AsSpan(0, length), out stat);
            var hasLimits = TryRead(_limitsPath, ref buffer, out length);
            var limits = buffer.AsSpan(0, hasLimits ? length : 0);
            var hasOpenFiles = TryFindSoftLimit(limits, "Max open files"u8, out var maxFds);
            var hasAddressSpace = TryFindSoftLimit(limits, "Max address space"u8, out var maxAddressSpace);
            var hasFds = TryCountFds(out var fds);
            long bootTime = 0;
            var hasBootTime = hasStat && TryGetBootTime(ref buffer, out bootTime);

            // In name order, as client_golang's registry sorts them.
            if (hasStat)
            {
                Write(writer, CpuSeconds, (stat.UserTicks + stat.SystemTicks) / UserHz);
            }

            if (hasOpenFiles)
            {
                Write(writer, MaxFds, maxFds);
            }

            if (hasFds)
            {
                Write(writer, OpenFds, fds);
            }

            if (hasStat)
            {
                Write(writer, ResidentMemory, stat.ResidentPages * _pageSize);
            }

            if (hasBootTime)
            {
                Write(writer, StartTime, bootTime + (stat.StartTicks / UserHz));
            }

            if (hasStat)
            {
                Write(writer, VirtualMemory, stat.VirtualBytes);
            }

            if (hasAddressSpace)
            {
                Write(writer, VirtualMemoryMax, maxAddressSpace);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Write(IMetricWriter writer, in MetricFamily family, double value)
    {
        writer.WriteFamily(family);
        writer.WriteSample(family.Name, [], value);
    }

    /// <summary>The soft limit of one <c>limits</c> row (<c>unlimited</c> is the largest rlimit, as procfs reads it).</summary>
    private static bool TryFindSoftLimit(ReadOnlySpan<byte> limits, ReadOnlySpan<byte> row, out double value)
    {
        value = 0;
        foreach (var range in limits.Split((byte)'\n'))
        {
            var line = limits[range];
            if (!line.StartsWith(row) || line.Length == row.Length || line[row.Length] != (byte)' ')
            {
                continue;
            }

            var rest = line[row.Length..].TrimStart((byte)' ');
            var end = rest.IndexOf((byte)' ');
            var soft = end < 0 ? rest : rest[..end];
            if (soft.SequenceEqual("unlimited"u8))
            {
                value = ulong.MaxValue;
                return true;
            }

            if (ulong.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var limit))
            {
                value = limit;
                return true;
            }

            return false;
        }

        return false;
    }

    private bool TryGetBootTime(ref byte[] buffer, out long bootTime)
    {
        bootTime = Volatile.Read(ref _bootTime);
        if (bootTime >= 0)
        {
            return true;
        }

        if (!TryRead(_systemStatPath, ref buffer, out var length))
        {
            return false;
        }

        var stat = buffer.AsSpan(0, length);
        foreach (var range in stat.Split((byte)'\n'))
        {
            var line = stat[range];
            if (line.StartsWith("btime "u8)
                && long.TryParse(line["btime "u8.Length..].Trim((byte)' '), NumberStyles.None, CultureInfo.InvariantCulture, out bootTime))
            {
                Volatile.Write(ref _bootTime, bootTime);
                return true;
            }
        }

        return false;
    }

    // Like procfs, this counts the descriptor the listing itself holds open.
    private bool TryCountFds(out int count) => DirectoryEntryCounter.TryCount(_fdPath, out count);

    /// <summary>Reads a whole (proc) file into <paramref name="buffer"/>, growing it from the pool as needed.</summary>
    private static bool TryRead(string path, ref byte[] buffer, out int length)
    {
        length = 0;
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = RandomAccess.Read(handle, buffer.AsSpan(length), length);
                if (read == 0)
                {
                    return true;
                }

                length += read;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            length = 0;
            return false;
        }
    }
}
