using System.Globalization;
using System.Text;
using HostMocks.Soak;

namespace NodeCollector.Benchmarks.Load;

/// <summary>Where a process's resident memory is, from /proc: anonymous, file-backed and shared (JIT code) totals, and the largest mappings.</summary>
internal static class ResidentMemory
{
    public static string Describe(int pid, int largest = 8)
    {
        var text = new StringBuilder("  resident now:");
        foreach (var field in new[] { "VmRSS", "RssAnon", "RssFile", "RssShmem" })
        {
            text.Append(CultureInfo.InvariantCulture, $" {field} {ProcessUsage.StatusBytes(pid, field) / 1048576.0:F1} MiB");
        }

        var threads = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("Threads:", StringComparison.Ordinal));
        text.Append(", ").Append(threads.Replace('\t', ' '));
        var byMapping = new Dictionary<string, long>(StringComparer.Ordinal);
        var name = "";
        foreach (var line in File.ReadLines($"/proc/{pid}/smaps"))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 5 && fields[0].Contains('-', StringComparison.Ordinal) && !line.EndsWith(':'))
            {
                name = fields.Length >= 6 ? Path.GetFileName(fields[5]) : "[anonymous]";
            }
            else if (fields.Length >= 2 && fields[0] == "Rss:")
            {
                byMapping[name] = byMapping.GetValueOrDefault(name) + long.Parse(fields[1], CultureInfo.InvariantCulture);
            }
        }

        foreach (var (mapping, kb) in byMapping.OrderByDescending(m => m.Value).Take(largest))
        {
            text.Append(CultureInfo.InvariantCulture, $"\n    {kb / 1024.0,7:F1} MiB {mapping}");
        }

        return text.ToString();
    }
}
