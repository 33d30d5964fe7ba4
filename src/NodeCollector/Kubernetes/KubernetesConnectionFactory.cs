using System.Security.Cryptography.X509Certificates;
using System.Text;
using YamlDotNet.RepresentationModel;

namespace NodeCollector.Kubernetes;

/// <summary>
/// Builds <see cref="KubernetesOptions"/> for the two ways a collector reaches the API server: from inside a
/// pod (service account) or from a kubeconfig file (current context; bearer token, token file or client
/// certificate; cluster CA). Problems are reported as <see cref="InvalidOperationException"/>s naming the
/// file and key, never a credential.
/// </summary>
internal static class KubernetesConnectionFactory
{
    public const string ServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>
    /// In-cluster: <c>https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT</c>, the service account's
    /// <c>token</c> (as a file, so rotation is picked up), <c>ca.crt</c> and <c>namespace</c>.
    /// <paramref name="nodeName"/> defaults to <c>$NODE_NAME</c>.
    /// </summary>
    public static KubernetesOptions InCluster(
        string? nodeName = null, string serviceAccountDirectory = ServiceAccountDirectory, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var host = environment("KUBERNETES_SERVICE_HOST");
        var port = environment("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
        {
            throw new InvalidOperationException(
                "not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set (set kubernetes.kubeconfig to run outside)");
        }

        var caPath = Path.Combine(serviceAccountDirectory, "ca.crt");
        var namespacePath = Path.Combine(serviceAccountDirectory, "namespace");
        return new KubernetesOptions
        {
            ApiServer = new Uri("https://" + (host.Contains(':', StringComparison.Ordinal) ? "[" + host + "]" : host) + ":" + port),
            NodeName = nodeName ?? environment("NODE_NAME") ?? "",
            TokenFile = Path.Combine(serviceAccountDirectory, "token"),
            CaCertificates = LoadPem(File.ReadAllText(caPath), caPath),
            Namespace = File.Exists(namespacePath) ? File.ReadAllText(namespacePath).Trim() : null,
        };
    }

    /// <summary>Outside a cluster: the current context of the kubeconfig at <paramref name="path"/> (<c>~/</c> expands).</summary>
    public static KubernetesOptions FromKubeconfig(string path, string nodeName)
    {
        if (path.StartsWith("~/", StringComparison.Ordinal))
        {
            path = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[2..]);
        }

        var file = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(file) ?? ".";
        var yaml = new YamlStream();
        using (var reader = new StreamReader(file))
        {
            yaml.Load(reader);
        }

        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new InvalidOperationException($"{file}: not a kubeconfig (expected a mapping)");
        }

        var contextName = Scalar(root, "current-context") ?? throw Problem(file, root, "current-context", "is missing");
        var context = Named(file, root, "contexts", contextName, "context");
        var clusterName = Scalar(context, "cluster") ?? throw Problem(file, context, "cluster", "is missing");
        var cluster = Named(file, root, "clusters", clusterName, "cluster");
        var userName = Scalar(context, "user");
        var user = userName is null ? new YamlMappingNode() : Named(file, root, "users", userName, "user");

        if (Scalar(cluster, "insecure-skip-tls-verify") is "true")
        {
            throw Problem(file, cluster, "insecure-skip-tls-verify", "is not supported: the API server's certificate is always verified");
        }

        if (user.Children.ContainsKey("exec") || user.Children.ContainsKey("auth-provider"))
        {
            throw Problem(file, user, "exec", "credential plugins are not supported; use a token, tokenFile or client certificate");
        }

        var server = Scalar(cluster, "server") ?? throw Problem(file, cluster, "server", "is missing");
        return new KubernetesOptions
        {
            ApiServer = new Uri(server),
            NodeName = nodeName,
            CaCertificates = Pem(file, directory, cluster, "certificate-authority") is { } caPem ? LoadPem(caPem, file) : null,
            Token = Scalar(user, "token"),
            TokenFile = Scalar(user, "tokenFile") is { } tokenFile ? Path.Combine(directory, tokenFile) : null,
            ClientCertificate = ClientCertificate(file, directory, user),
            Namespace = Scalar(context, "namespace"),
        };
    }

    private static X509Certificate2? ClientCertificate(string file, string directory, YamlMappingNode user)
    {
        var certificate = Pem(file, directory, user, "client-certificate");
        var key = Pem(file, directory, user, "client-key");
        if (certificate is null && key is null)
        {
            return null;
        }

        if (certificate is null || key is null)
        {
            throw Problem(file, user, certificate is null ? "client-certificate" : "client-key", "is missing: both certificate and key are needed");
        }

        return X509Certificate2.CreateFromPem(certificate, key);
    }

    /// <summary>The PEM text of <c>key-data</c> (base64) or <c>key</c> (a file, relative to the kubeconfig).</summary>
    private static string? Pem(string file, string directory, YamlMappingNode node, string key)
    {
        if (Scalar(node, key + "-data") is { } data)
        {
            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(data));
            }
            catch (FormatException)
            {
                throw Problem(file, node, key + "-data", "is not base64");
            }
        }

        return Scalar(node, key) is { } path ? File.ReadAllText(Path.Combine(directory, path)) : null;
    }

    private static X509Certificate2Collection LoadPem(string pem, string source)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(pem);
        if (certificates.Count == 0)
        {
            throw new InvalidOperationException($"{source}: no PEM certificate found");
        }

        return certificates;
    }

    private static YamlMappingNode Named(string file, YamlMappingNode root, string listKey, string name, string itemKey)
    {
        if (root.Children.TryGetValue(new YamlScalarNode(listKey), out var list) && list is YamlSequenceNode sequence)
        {
            foreach (var entry in sequence)
            {
                if (entry is YamlMappingNode mapping && Scalar(mapping, "name") == name &&
                    mapping.Children.TryGetValue(new YamlScalarNode(itemKey), out var item) && item is YamlMappingNode itemMapping)
                {
                    return itemMapping;
                }
            }
        }

        throw Problem(file, root, listKey, $"has no entry named \"{name}\"");
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode { Value: { Length: > 0 } text } ? text : null;

    private static InvalidOperationException Problem(string file, YamlNode near, string key, string problem) =>
        new($"{file}:{near.Start.Line}: {key} {problem}");
}
