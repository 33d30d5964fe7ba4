using System.Text;
using HostMocks.Kubernetes;

namespace HostMocks.Demo;

/// <summary>A kubeconfig for the demo's fake API server: its address, its CA, and a token file it rotates.</summary>
internal static class DemoKubeconfig
{
    public static string Write(DemoNodeTree tree, FakeKubernetesApiServer api) => Write(tree.StateDir, api);

    /// <summary>Writes <c>kubeconfig</c> and its <c>token</c> into <paramref name="stateDir"/>; returns the kubeconfig's path.</summary>
    public static string Write(string stateDir, FakeKubernetesApiServer api)
    {
        var tokenFile = Path.Combine(stateDir, "token");
        api.WriteToken(tokenFile);
        var path = Path.Combine(stateDir, "kubeconfig");
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
