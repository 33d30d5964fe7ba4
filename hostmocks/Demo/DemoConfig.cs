namespace HostMocks.Demo;

/// <summary>The configuration file the demo runs the collector with, pointing every host path into the demo tree.</summary>
internal static class DemoConfig
{
    public const string NodeName = "k3s-agent-1";

    /// <summary>
    /// Writes the config; with <paramref name="remoteWriteUrl"/> the demo also remote-writes there, appending every
    /// <paramref name="interval"/> (a Prometheus duration; default 15s).
    /// </summary>
    public static string Write(DemoNodeTree tree, string listenAddress, string kubeconfig, string? remoteWriteUrl = null, string? interval = null)
    {
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
            kubelet:
              enabled: false          # the fake kubelet joins the demo with scraping
            global:
              external_labels:
                cluster: demo
            host_metrics:
              interval: {interval ?? "15s"}
            {remoteWrite}wal:
              dir: {Path.Combine(tree.StateDir, "wal")}
            logs:
              pods_dir: {tree.PodsDir}
              positions_file: {Path.Combine(tree.StateDir, "positions.json")}

            """);
        return path;
    }
}
