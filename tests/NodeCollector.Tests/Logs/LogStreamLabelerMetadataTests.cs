using NodeCollector.Config;
using NodeCollector.Kubernetes;
using NodeCollector.Labels;
using NodeCollector.Logs;
using NodeCollector.Scrape;

namespace NodeCollector.Tests.Logs;

/// <summary><c>logs.structured_metadata</c> in the labeler: named labels leave the stream labels and travel as metadata.</summary>
public sealed class LogStreamLabelerMetadataTests
{
    private static readonly LabelSet Discovered = LabelSet.From(
    [
        new Label(MetaLabelNames.Namespace, "shop"),
        new Label(MetaLabelNames.PodName, "api-1"),
        new Label(MetaLabelNames.PodUid, "0f6b1c2e"),
        new Label(MetaLabelNames.ContainerName, "api"),
        new Label(MetaLabelNames.PodLabelPrefix + "app", "api"),
    ]);

    private static readonly IReadOnlyList<RelabelRule> UidRule = ScrapeJob.Compile(
        [new RelabelConfig { SourceLabels = [MetaLabelNames.PodUid], TargetLabel = "pod_uid" }]);

    [Fact]
    public void Listed_labels_move_to_metadata_on_both_output_streams()
    {
        var labels = new LogStreamLabeler(UidRule, "node-1", ["pod_uid", "app"]).TryBuild(Discovered)!;

        foreach (var set in new[] { labels.Stdout, labels.Stderr })
        {
            Assert.Equal("", set.Get("pod_uid"));
            Assert.Equal("", set.Get("app"));
            Assert.Equal("0f6b1c2e", set.Get(StreamLabels.MetadataPrefix + "pod_uid"));
            Assert.Equal("api", set.Get(StreamLabels.MetadataPrefix + "app"));
            Assert.Equal("api-1", set.Get("pod"));
        }

        Assert.Equal("stderr", labels.Stderr.Get("stream"));
    }

    [Fact]
    public void Without_the_option_the_same_labels_stay_stream_labels()
    {
        var labels = new LogStreamLabeler(UidRule, "node-1").TryBuild(Discovered)!;

        Assert.Equal("0f6b1c2e", labels.Stdout.Get("pod_uid"));
        Assert.DoesNotContain(Enumerable.Range(0, labels.Stdout.Count), i => labels.Stdout[i].Name.StartsWith(StreamLabels.MetadataPrefix, StringComparison.Ordinal));
    }
}
