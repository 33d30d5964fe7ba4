namespace NodeCollector.Benchmarks.Load;

/// <summary>The start of a benchmark's collector config: listening on an ephemeral port, every source off; the run adds what it measures.</summary>
internal static class BenchCollectorConfig
{
    public static string EverythingOff(string node) => $"""
        server:
          listen_address: 127.0.0.1:0
        node:
          name: {node}
        kubernetes:
          enabled: false
        kubelet:
          enabled: false
        host_metrics:
          enabled: false
        self_metrics:
          enabled: false

        """;
}
