using System.Text;
using HostMocks.Kubernetes;

namespace HostMocks.Demo;

/// <summary>A kubeconfig for the demo's fake API server: its address, its CA, and a token file it rotates.</summary>
internal static class DemoKubeconfig
{
    public static string Write(DemoNodeTree tree, FakeKubernetesApiServer api)
    {
        var tokenFile = Path.Combine(tree.StateDir, "token");
        api.WriteToken(tokenFile);
        var path = Path.Combine(tree.StateDir, "kubeconfig");
        var ca = Convert.ToBase64String(Encoding.UTF8.GetBytes(api.CaPem));
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
              - name: demo
                cluster:
                  server: {api.BaseAddress}
                  certificate-authority-data: {ca}
            users:
              - name: demo
                user:
                  tokenFile: token
            contexts:
              - name: demo
                context:
                  cluster: demo
                  user: demo
            current-context: demo

            """);
        return path;
    }
}
