using NodeCollector.Config;

namespace NodeCollector.Tests.Config;

/// <summary><c>logs.structured_metadata</c>: off by default, and every bad name reported at its line.</summary>
public sealed class StructuredMetadataConfigTests
{
    [Fact]
    public void It_is_off_by_default_and_takes_a_list_of_label_names()
    {
        Assert.Empty(Load("kubernetes:\n  enabled: false\n").Config!.Logs.StructuredMetadata);

        var config = Load("kubernetes:\n  enabled: false\nlogs:\n  structured_metadata: [pod_uid, container_id]\n").Config!;

        Assert.Equal(["pod_uid", "container_id"], config.Logs.StructuredMetadata);
    }

    [Fact]
    public void Invalid_reserved_stream_and_repeated_names_are_each_reported_with_their_line()
    {
        var result = Load("""
            kubernetes:
              enabled: false
            logs:
              structured_metadata:
                - pod_uid
                - 9lives
                - __meta_kubernetes_pod_uid
                - stream
                - pod_uid
            """);

        Assert.Null(result.Config);
        Assert.Equal(
            [
                "config.yaml:6:7: logs.structured_metadata[1]: \"9lives\" is not a valid label name (expected [a-zA-Z_][a-zA-Z0-9_]*)",
                "config.yaml:7:7: logs.structured_metadata[2]: \"__meta_kubernetes_pod_uid\" starts with __: such labels are removed before shipping; copy the value to a label with relabel_configs first",
                "config.yaml:8:7: logs.structured_metadata[3]: \"stream\" is the collector's own stream label (stdout/stderr) and cannot be structured metadata",
                "config.yaml:9:7: logs.structured_metadata[4]: \"pod_uid\" is listed twice",
            ],
            result.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void More_than_Lokis_128_entries_is_an_error()
    {
        var names = string.Join(", ", Enumerable.Range(0, 129).Select(i => "m" + i));

        var problem = Assert.Single(Load($"kubernetes:\n  enabled: false\nlogs:\n  structured_metadata: [{names}]\n").Problems);

        Assert.Equal("logs.structured_metadata", problem.KeyPath);
        Assert.Contains("at most 128", problem.Message, StringComparison.Ordinal);
    }

    private static ConfigLoadResult Load(string yaml) => ConfigLoader.Load(yaml, "config.yaml", _ => null);
}
