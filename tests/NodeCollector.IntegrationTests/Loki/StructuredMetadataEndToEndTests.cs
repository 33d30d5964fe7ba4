using System.Globalization;
using System.Text;
using HostMocks.Loki;
using NodeCollector.TestSupport;

namespace NodeCollector.IntegrationTests.Loki;

/// <summary>
/// The collector binary with <c>logs.structured_metadata</c>: a pod's CRI log lines reach the fake Loki each carrying
/// the pod's uid as structured metadata, while the stream labels (what Loki indexes) do not contain it.
/// </summary>
public sealed class StructuredMetadataEndToEndTests : IDisposable
{
    private const string Uid = "0f6b1c2e-3a4d-4e5f-8a9b-0c1d2e3f4a5b";
    private const int Lines = 40;

    private readonly string _root = Directory.CreateTempSubdirectory("nc-e2e-metadata-").FullName;

    [Fact]
    public async Task Every_entry_carries_the_pod_uid_as_metadata_and_no_stream_has_it_as_a_label()
    {
        await using var loki = await FakeLoki.StartAsync();
        var podsDir = Path.Combine(_root, "pods");
        WriteCriLog(Path.Combine(podsDir, $"shop_api-7d9f_{Uid}", "api", "0.log"));
        var configPath = Path.Combine(_root, "collector.yaml");
        await File.WriteAllTextAsync(configPath, Config(podsDir, loki.PushUrl));

        using var collector = ChildProcess.StartDotnet(Path.Combine(AppContext.BaseDirectory, "nodecollector.dll"), ["--config", configPath, "--log.format", "json"]);
        await Poll.UntilAsync(
            () => collector.HasExited || loki.Ingester.Accepted + loki.Ingester.Rejected >= Lines,
            TimeSpan.FromSeconds(60),
            $"{Lines} entries at the fake Loki ({loki.Ingester.Accepted} so far)");

        Assert.False(collector.HasExited, "the collector exited\n" + collector.Describe());
        Assert.Equal((long)Lines, loki.Ingester.Accepted);
        var streams = loki.Ingester.Streams;
        Assert.Equal(["stderr", "stdout"], streams.Select(s => s.LabelValues["stream"]).Order(StringComparer.Ordinal));
        Assert.All(streams, s =>
        {
            Assert.False(s.LabelValues.ContainsKey("pod_uid"), $"pod_uid is a stream label of {s.Labels}");
            Assert.Equal("api-7d9f", s.LabelValues["pod"]);
            Assert.All(loki.Ingester.EntriesOf(s), e => Assert.Equal(new Dictionary<string, string> { ["pod_uid"] = Uid }, e.MetadataPairs));
        });
        Assert.Contains(streams.SelectMany(s => loki.Ingester.EntriesOf(s)), e => e.Line == "joined from two parts");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string Config(string podsDir, string pushUrl) => $"""
        server:
          listen_address: 127.0.0.1:0
        kubernetes:
          enabled: false
        host_metrics:
          enabled: false
        logs:
          pods_dir: {podsDir}
          positions_file: {Path.Combine(Path.GetDirectoryName(podsDir)!, "state", "positions.json")}
          relabel_configs:
            - source_labels: [__meta_kubernetes_pod_uid]
              target_label: pod_uid
          structured_metadata: [pod_uid]
        loki:
          url: {pushUrl}
          batch_wait: 100ms
        """;

    /// <summary><see cref="Lines"/> entries, alternating stdout and stderr, the last one written as two CRI parts.</summary>
    private static void WriteCriLog(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var start = DateTimeOffset.UtcNow.AddMinutes(-1);
        var text = new StringBuilder();
        for (var i = 0; i < Lines - 1; i++)
        {
            text.Append(Stamp(start, i)).Append(i % 2 == 0 ? " stdout F line " : " stderr F line ").Append(i).Append('\n');
        }

        text.Append(Stamp(start, Lines)).Append(" stdout P joined from ").Append('\n');
        text.Append(Stamp(start, Lines + 1)).Append(" stdout F two parts").Append('\n');
        File.WriteAllText(path, text.ToString());
    }

    private static string Stamp(DateTimeOffset start, int i) =>
        start.AddMilliseconds(i).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
