using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodeCollector.Config;
using NodeCollector.Kubernetes;

namespace NodeCollector.Logs;

/// <summary>Puts log tailing into the app when <c>logs.enabled</c> and something (the Loki sender) registered an <see cref="ILogSink"/>.</summary>
internal static class LogsServices
{
    public static void Add(IServiceCollection services, CollectorConfig config)
    {
        if (!config.Logs.Enabled)
        {
            return;
        }

        services.AddSingleton(provider => provider.GetService<ILogSink>() is { } sink
            ? LogsService.Create(
                config,
                sink,
                provider.GetService<KubernetesDiscovery>(),
                provider.GetRequiredService<ILoggerFactory>(),
                provider.GetRequiredService<TimeProvider>())
            : null!);
        services.AddSingleton<IHostedService>(provider => (IHostedService?)provider.GetService<LogsService>() ?? new NoLogSink());
    }

    /// <summary>Stands in for the logs service when no sink is registered (Loki not configured): nothing to tail into.</summary>
    private sealed class NoLogSink : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
