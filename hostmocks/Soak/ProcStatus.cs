using System.Globalization;

namespace HostMocks.Soak;

/// <summary>Resident memory and CPU time of a running process, read from <c>/proc/&lt;pid&gt;</c>.</summary>
internal static class ProcStatus
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>VmRSS of <c>/proc/&lt;pid&gt;/status</c>, in bytes.</summary>
    public static long RssBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"/proc/{pid}/status has no VmRSS");
    }

    /// <summary>User + system CPU time of all the process's threads, from <c>/proc/&lt;pid&gt;/stat</c>.</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }
}
