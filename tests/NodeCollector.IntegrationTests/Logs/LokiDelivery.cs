using HostMocks.Loki;

namespace NodeCollector.IntegrationTests.Logs;

/// <summary>Compares what a fake Loki accepted with what a <see cref="ContainerLogLoad"/> wrote, stream by stream.</summary>
internal static class LokiDelivery
{
    /// <summary>The streams whose accepted lines are not exactly the written ones in written order, described; empty when all match.</summary>
    public static List<string> Differences(FakeLokiIngester ingester, ContainerLogLoad load)
    {
        var problems = new List<string>();
        var received = ingester.Streams.ToDictionary(s => ContainerLogLoad.StreamKey(s.LabelValues), s => ingester.EntriesOf(s), StringComparer.Ordinal);
        problems.AddRange(received.Keys.Where(k => !load.Expected.ContainsKey(k)).Select(k => $"unexpected stream {{{k}}}"));
        foreach (var (key, lines) in load.Expected)
        {
            var got = received.TryGetValue(key, out var entries) ? entries.Select(e => e.Line).ToList() : [];
            if (!got.SequenceEqual(lines, StringComparer.Ordinal))
            {
                var missing = lines.Except(got, StringComparer.Ordinal).Count();
                var firstDiff = Enumerable.Range(0, Math.Min(got.Count, lines.Count)).FirstOrDefault(i => got[i] != lines[i], Math.Min(got.Count, lines.Count));
                problems.Add($"{{{key}}}: {got.Count} accepted of {lines.Count} written, {missing} missing, first difference at {firstDiff}");
            }
        }

        return problems;
    }
}
