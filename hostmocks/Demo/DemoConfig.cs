namespace HostMocks.Demo;

/// <summary>The configuration file the demo runs the collector with, pointing every host path into the demo tree.</summary>
internal static class DemoConfig
{
    public const string NodeName = "k3s-agent-1";

    /// <summary>
    /// Writes the config; with <paramref name="kubelet"/> the collector scrapes that fake kubelet over TLS, and with
    /// <paramref name="remoteWriteUrl"/> it also remote-writes there, appending and scraping every
    /// <paramref name="interval"/> (a Prometheus duration; default 15s); with <paramref name="lokiUrl"/> logs go to that Loki;
    /// <paramref name="dataDir"/> holds the WAL and the positions file (default: the tree's state directory), and
    /// <paramref name="walMaxSize"/> bounds the WAL (default: the collector's).
    /// </summary>
    public static string Write(
        DemoNodeTree tree, string listenAddress, string kubeconfig, DemoKubelet? kubelet = null, string? remoteWriteUrl = null, string? interval = null, string? lokiUrl = null,
        string? dataDir = null, string? walMaxSize = null)
    {
        dataDir ??= tree.StateDir;
        var path = Path.Combine(tree.Root, "config.yaml");
        var remoteWrite = remoteWriteUrl is null ? "" : $"""
            remote_write:
              - url: {remoteWriteUrl}
                name: demo
                queue_config:
                  batch_send_deadline: 1s
                  min_backoff: 100ms
                  max_backoff: 1s
                metadata_config:
                  send_interval: 10s

            """;
        File.WriteAllText(path, $"""
            # Written by the hostmocks demo runner: every host path points into the demo node tree.
            server:
              listen_address: {listenAddress}
            node:
              name: {NodeName}
              procfs: {tree.Procfs}
              sysfs: {tree.Sysfs}
              rootfs: {tree.Rootfs}
            kubernetes:
              kubeconfig: {kubeconfig}   # the demo's fake API server, with its pods on this node
            {KubeletSection(kubelet)}
            global:
              scrape_interval: {interval ?? "15s"}
              scrape_timeout: {interval ?? "10s"}
              external_labels:
                cluster: demo
            host_metrics:
              interval: {interval ?? "15s"}
            scrape_configs:                 # the annotated demo pods, served by the target simulator
              - job_name: kubernetes-pods
                kubernetes_sd_configs:
                  - role: pod
                relabel_configs:
                  - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_scrape]
                    action: keep
                    regex: "true"
                  - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_scheme]
                    target_label: __scheme__
                    regex: (https?)
                  - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_path]
                    target_label: __metrics_path__
                    regex: (.+)
                  - source_labels: [__address__, __meta_kubernetes_pod_annotation_prometheus_io_port]
                    target_label: __address__
                    regex: ([^:]+)(?::\d+)?;(\d+)
                    replacement: $1:$2
                  - action: labelmap
                    regex: __meta_kubernetes_pod_label_(.+)
                  - source_labels: [__meta_kubernetes_namespace]
                    target_label: namespace
                  - source_labels: [__meta_kubernetes_pod_name]
                    target_label: pod
            {remoteWrite}{LokiSection(lokiUrl)}wal:
              dir: {Path.Combine(dataDir, "wal")}{(walMaxSize is null ? "" : "\n  max_size: " + walMaxSize)}
            logs:
              pods_dir: {tree.PodsDir}
              positions_file: {Path.Combine(dataDir, "positions.json")}
              read_gzip_rotated: true       # the kubelet gzips rotated files; read what rotated while the collector was down

            """);
        return path;
    }

    private static string LokiSection(string? url) => url is null ? "" : $"""
        loki:                           # the demo's fake Loki
          url: {url}
          batch_wait: 1s
          min_backoff: 100ms
          max_backoff: 5s

        """;

    private static string KubeletSection(DemoKubelet? kubelet) => kubelet is null
        ? "kubelet:\n  enabled: false          # no fake kubelet in this demo"
        : $"""
            kubelet:
              address: {kubelet.Address}     # the demo's fake kubelet
              bearer_token_file: {kubelet.TokenFile}
              tls_config:
                ca_file: {kubelet.CaFile}
                server_name: {NodeName}
            """;
}

/// <summary>Where the demo's fake kubelet listens and the CA and token files the collector reads for it.</summary>
internal sealed record DemoKubelet(string Address, string CaFile, string TokenFile);
