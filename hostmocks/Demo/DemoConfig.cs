namespace HostMocks.Demo;

/// <summary>The configuration file the demo runs the collector with, pointing every host path into the demo tree.</summary>
internal static class DemoConfig
{
    public const string NodeName = "k3s-agent-1";

    public static string Write(DemoNodeTree tree, string listenAddress, string kubeconfig)
    {
        var path = Path.Combine(tree.Root, "config.yaml");
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
            wal:
              dir: {Path.Combine(tree.StateDir, "wal")}
            logs:
              pods_dir: {tree.PodsDir}
              positions_file: {Path.Combine(tree.StateDir, "positions.json")}

            """);
        return path;
    }
}
