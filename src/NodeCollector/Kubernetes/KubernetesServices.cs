using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NodeCollector.Kubernetes;

/// <summary>Puts discovery into the app when <c>kubernetes.enabled</c>: in-cluster, or from <c>kubernetes.kubeconfig</c>.</summary>
internal static class KubernetesServices
{
    public const string ReadinessName = "kubernetes";

    public static void Add(IServiceCollection services, Config.CollectorConfig config)
    {
        if (!config.Kubernetes.Enabled)
        {
            return;
        }

        services.AddSingleton(provider =>
        {
            var connection = config.Kubernetes.Kubeconfig.Length > 0
                ? KubernetesConnectionFactory.FromKubeconfig(config.Kubernetes.Kubeconfig, config.Node.Name)
                : KubernetesConnectionFactory.InCluster(config.Node.Name);
            var options = connection with
            {
                BackoffMax = config.Kubernetes.ResyncBackoffMax,
                TimeProvider = provider.GetRequiredService<TimeProvider>(),
                Logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger("NodeCollector.Kubernetes.Discovery"),
            };
            return new KubernetesDiscovery(options);
        });
        services.AddHostedService(provider => provider.GetRequiredService<KubernetesDiscovery>());
    }

    /// <summary>Makes <c>/-/ready</c> wait for the first pod list.</summary>
    public static void RegisterReadiness(IServiceProvider services, Readiness readiness)
    {
        if (services.GetService<KubernetesDiscovery>() is { } discovery)
        {
            readiness.Register(ReadinessName, () => discovery.IsReady);
        }
    }
}
