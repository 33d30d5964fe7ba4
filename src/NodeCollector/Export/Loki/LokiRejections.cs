using System.Globalization;
using System.Text.RegularExpressions;

namespace NodeCollector.Export.Loki;

/// <summary>
/// Reads a Loki 400 body into rejected-entry counts by reason. Loki writes one line per rejected entry (it may cap
/// how many it lists) and, from the ingester, a summary <c>total ignored: N out of M</c>. Listed lines give the
/// reasons; the summary, when present, gives the count, with unlisted entries put under the most frequent listed
/// reason. A body that names no entry counts the whole batch as <c>other</c>, the upper bound.
/// </summary>
internal static partial class LokiRejections
{
    public static long[] Parse(string body, int entriesInBatch)
    {
        ArgumentNullException.ThrowIfNull(body);
        var counts = new long[LokiDropReasons.All.Length];
        long listed = 0;
        long? total = null;
        foreach (var raw in body.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (TotalIgnored().Match(line) is { Success: true } summary)
            {
                total = (total ?? 0) + long.Parse(summary.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
                continue;
            }

            counts[(int)Classify(line)]++;
            listed++;
        }

        var rejected = Math.Min(total ?? (listed > 0 ? listed : entriesInBatch), entriesInBatch);
        if (listed == 0)
        {
            counts[(int)LokiDropReason.Other] = rejected;
            return counts;
        }

        if (rejected > listed)
        {
            counts[MostFrequent(counts)] += rejected - listed;
        }
        else if (rejected < listed)
        {
            Scale(counts, rejected);
        }

        return counts;
    }

    /// <summary>The reason one line of Loki's error body names.</summary>
    public static LokiDropReason Classify(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Contains("out of order", StringComparison.OrdinalIgnoreCase) || line.Contains("too far behind", StringComparison.OrdinalIgnoreCase))
        {
            return LokiDropReason.OutOfOrder;
        }

        if (line.Contains("too old", StringComparison.OrdinalIgnoreCase))
        {
            return LokiDropReason.TooOld;
        }

        if (line.Contains("line too long", StringComparison.OrdinalIgnoreCase) || line.Contains("entry size", StringComparison.OrdinalIgnoreCase))
        {
            return LokiDropReason.LineTooLong;
        }

        return line.Contains("rate limit", StringComparison.OrdinalIgnoreCase) ? LokiDropReason.RateLimited : LokiDropReason.Other;
    }

    private static int MostFrequent(long[] counts)
    {
        var best = 0;
        for (var i = 1; i < counts.Length; i++)
        {
            if (counts[i] > counts[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>More lines than the summary's count (a line per stream, say): keep the proportions, lose nothing to rounding.</summary>
    private static void Scale(long[] counts, long rejected)
    {
        var listed = counts.Sum();
        long assigned = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = counts[i] * rejected / listed;
            assigned += counts[i];
        }

        counts[MostFrequent(counts)] += rejected - assigned;
    }

    [GeneratedRegex(@"total ignored: (\d+) out of \d+", RegexOptions.CultureInvariant)]
    private static partial Regex TotalIgnored();
}
