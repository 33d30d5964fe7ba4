using System.Globalization;

namespace HostMocks.Soak;

/// <summary>
/// The fault schedule: one fault per slot, in this order, round after round until the run's time is up. A fault
/// that lasts (an outage, a full disk) holds for <c>hold</c> and is undone before its slot ends, so faults never
/// overlap and every window is known to the reconciliation.
/// </summary>
internal static class SoakFaults
{
    public const string DiskFull = "WAL/positions disk full";
    public const string Sigkill = "collector SIGKILLed and restarted";

    /// <summary>The tracked counter: the collector's own scrapes, up by exactly one per scrape, restarting at 1 with each process.</summary>
    public const string SelfRounds = "nodecollector_remote_write_collections_total";

    public static readonly string[] Names =
    [
        "Prometheus stopped and restarted",
        "Loki answers 503",
        "Kubernetes watches dropped",
        "service-account token rotated",
        "log rotation storm",
        DiskFull,
        "Loki answers 429",
        "Kubernetes 410 Gone",
        "kubelet serving certificate rotated",
        Sigkill,
    ];

    /// <summary>Injects faults every <paramref name="slot"/> until <paramref name="until"/>; returns what was injected.</summary>
    public static async Task<List<SoakFaultWindow>> RunAsync(SoakNode node, TimeSpan slot, TimeSpan hold, DateTimeOffset until, TextWriter progress)
    {
        var windows = new List<SoakFaultWindow>();
        for (var i = 0; TimeProvider.System.GetUtcNow() + slot <= until; i++)
        {
            var slotEnd = TimeProvider.System.GetUtcNow() + slot;
            var name = Names[i % Names.Length];
            var start = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
            var rounds = name == Sigkill ? await node.Collector.MetricAsync(SelfRounds).ConfigureAwait(false) : null;
            var observed = await InjectAsync(node, name, hold).ConfigureAwait(false);
            windows.Add(new SoakFaultWindow(name, start, TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds(), observed, rounds));
            await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"soak: {TimeProvider.System.GetUtcNow():HH:mm:ss} {name}{(observed.Length > 0 ? ": " + observed : "")}")).ConfigureAwait(false);
            var rest = slotEnd - TimeProvider.System.GetUtcNow();
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest).ConfigureAwait(false);
            }
        }

        return windows;
    }

    private static async Task<string> InjectAsync(SoakNode node, string name, TimeSpan hold)
    {
        switch (name)
        {
            case "Prometheus stopped and restarted":
                await node.Prometheus.StopAsync().ConfigureAwait(false);
                await Task.Delay(hold).ConfigureAwait(false);
                await node.Prometheus.StartAgainAsync().ConfigureAwait(false);
                return "";
            case "Loki answers 503":
                node.Loki.FailFor(hold, 503);
                await Task.Delay(hold).ConfigureAwait(false);
                return "";
            case "Loki answers 429":
                node.Loki.FailFor(hold, 429);
                await Task.Delay(hold).ConfigureAwait(false);
                return "";
            case "Kubernetes watches dropped":
                node.Api.DropWatches();
                return "";
            case "Kubernetes 410 Gone":
                // The watch misses a change while stalled, history is compacted past it, and the resume gets HTTP 410.
                node.Api.ExpiredWatchAsHttpStatus = true;
                node.Api.StallWatches();
                node.Churn.Change();
                node.Api.ExpireHistory();
                node.Api.DropWatches();
                return "";
            case "service-account token rotated":
                // The old token is refused at once; the kubelet writes the new one to the projected file a little later.
                node.Api.RotateToken();
                node.Api.DropWatches();
                await Task.Delay(hold / 2).ConfigureAwait(false);
                node.Api.WriteToken(node.TokenFile);
                return string.Create(CultureInfo.InvariantCulture, $"{node.Api.UnauthorizedRequests} requests refused so far");
            case "kubelet serving certificate rotated":
                node.Kubelet.RotateServingCertificate();
                return "";
            case "log rotation storm":
                node.Logs.RotationStorm(5);
                return string.Create(CultureInfo.InvariantCulture, $"{node.Logs.Rotations} rotations so far");
            case DiskFull:
                var before = await node.Collector.MetricAsync("nodecollector_wal_append_failures_total").ConfigureAwait(false) ?? 0;
                var filled = node.Disk.Fill();
                await Task.Delay(hold).ConfigureAwait(false);
                node.Disk.Free();
                var after = await node.Collector.MetricAsync("nodecollector_wal_append_failures_total").ConfigureAwait(false) ?? 0;
                return string.Create(CultureInfo.InvariantCulture, $"filled {filled >> 20} MiB; WAL append failures counted {after - before}");
            case Sigkill:
                await node.Collector.KillAsync().ConfigureAwait(false);
                await node.Collector.StartAsync().ConfigureAwait(false);
                return "";
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "unknown fault");
        }
    }
}
