using HostMocks.Loki;

namespace HostMocks.Soak;

/// <summary>
/// Every line the soak wrote against what the fake Loki holds: lost (written, never accepted), duplicates (received
/// again after being accepted: the fake drops exact repeats and counts them, as Loki does; or accepted in a second
/// stream), and entries Loki rejected (out of order, too old).
/// </summary>
internal sealed record LineReconciliation(long Written, long Lost, long Duplicates, long Rejected, string FirstLost)
{
    public static LineReconciliation From(HashSet<string> written, FakeLokiIngester ingester)
    {
        var accepted = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var stream in ingester.Streams)
        {
            foreach (var entry in ingester.EntriesOf(stream))
            {
                if (SoakLogLoad.IsOurs(entry.Line))
                {
                    accepted[entry.Line] = accepted.GetValueOrDefault(entry.Line) + 1;
                }
            }
        }

        var lost = written.Where(line => !accepted.ContainsKey(line)).ToList();
        var inTwoStreams = accepted.Values.Sum(count => (long)count - 1);
        var firstLost = lost.Count == 0 ? "" : lost.Min(StringComparer.Ordinal)!;
        return new LineReconciliation(written.Count, lost.Count, ingester.Duplicates + inTwoStreams, ingester.Rejected, firstLost.Length > 120 ? firstLost[..120] : firstLost);
    }

    /// <summary>How many of <paramref name="written"/> the fake Loki has accepted so far.</summary>
    public static long Delivered(HashSet<string> written, FakeLokiIngester ingester)
    {
        long delivered = 0;
        foreach (var stream in ingester.Streams)
        {
            foreach (var entry in ingester.EntriesOf(stream))
            {
                if (written.Contains(entry.Line))
                {
                    delivered++;
                }
            }
        }

        return delivered;
    }
}
