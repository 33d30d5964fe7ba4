using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using NodeCollector.Kubernetes;

namespace NodeCollector.Tests.Kubernetes;

public sealed class KubernetesConnectionFactoryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nc-kubeconfig-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void In_cluster_uses_the_service_account_files()
    {
        File.WriteAllText(Path.Combine(_directory, "token"), "jwt");
        File.WriteAllText(Path.Combine(_directory, "ca.crt"), CertificatePem("cluster-ca"));
        File.WriteAllText(Path.Combine(_directory, "namespace"), "monitoring\n");
        var environment = new Dictionary<string, string> { ["KUBERNETES_SERVICE_HOST"] = "fd00::1", ["KUBERNETES_SERVICE_PORT"] = "443", ["NODE_NAME"] = "node-7" };

        var options = KubernetesConnectionFactory.InCluster(serviceAccountDirectory: _directory, environment: environment.GetValueOrDefault);

        Assert.Equal(new Uri("https://[fd00::1]:443"), options.ApiServer);
        Assert.Equal("node-7", options.NodeName);
        Assert.Equal(Path.Combine(_directory, "token"), options.TokenFile);
        Assert.Equal("monitoring", options.Namespace);
        Assert.Equal("CN=cluster-ca", Assert.Single(options.CaCertificates!).Subject);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void In_cluster_outside_a_cluster_says_what_is_missing()
    {
        var error = Assert.Throws<InvalidOperationException>(() => KubernetesConnectionFactory.InCluster("n", _directory, _ => null));
        Assert.Contains("KUBERNETES_SERVICE_HOST", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kubeconfig_current_context_with_token_and_inline_CA()
    {
        var path = WriteKubeconfig("""
            user:
                token: secret-token
            """);

        var options = KubernetesConnectionFactory.FromKubeconfig(path, "node-1");

        Assert.Equal(new Uri("https://127.0.0.1:6443"), options.ApiServer);
        Assert.Equal("secret-token", options.Token);
        Assert.Equal("ns-b", options.Namespace);
        Assert.Equal("CN=kube-ca", Assert.Single(options.CaCertificates!).Subject);
        Assert.DoesNotContain("secret-token", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Kubeconfig_client_certificate_files_relative_to_the_kubeconfig()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest("CN=admin", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(100));
        File.WriteAllText(Path.Combine(_directory, "admin.crt"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_directory, "admin.key"), key.ExportPkcs8PrivateKeyPem());
        var path = WriteKubeconfig("""
            user:
                client-certificate: admin.crt
                client-key: admin.key
            """);

        var options = KubernetesConnectionFactory.FromKubeconfig(path, "node-1");

        Assert.Equal("CN=admin", options.ClientCertificate!.Subject);
        Assert.True(options.ClientCertificate.HasPrivateKey);
    }

    [Theory]
    [InlineData("user:\n    token: t\n", "insecure-skip-tls-verify: true", "insecure-skip-tls-verify")]
    [InlineData("user:\n    exec: {command: aws}\n", "", "exec")]
    [InlineData("user:\n    client-certificate-data: bm90IHVzZWQ=\n", "", "client-key")]
    public void Kubeconfig_problems_name_the_key(string user, string clusterExtra, string key)
    {
        var path = WriteKubeconfig(user, clusterExtra);
        var error = Assert.Throws<InvalidOperationException>(() => KubernetesConnectionFactory.FromKubeconfig(path, "n"));
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    private string WriteKubeconfig(string user, string clusterExtra = "")
    {
        var ca = Convert.ToBase64String(Encoding.UTF8.GetBytes(CertificatePem("kube-ca")));
        var userLines = string.Join("\n", user.Split('\n').Select(l => "  " + l));
        var text = $$"""
            apiVersion: v1
            kind: Config
            current-context: b
            clusters:
            - name: other
              cluster: {server: https://10.0.0.1:6443}
            - name: local
              cluster:
                server: https://127.0.0.1:6443
                certificate-authority-data: {{ca}}
                {{clusterExtra}}
            contexts:
            - name: a
              context: {cluster: other, user: nobody}
            - name: b
              context: {cluster: local, user: me, namespace: ns-b}
            users:
            - name: me

            """;
        text += userLines + "\n";
        var path = Path.Combine(_directory, "config");
        File.WriteAllText(path, text);
        return path;
    }

    private static string CertificatePem(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(100));
        return certificate.ExportCertificatePem();
    }
}
