using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodeCollector.Config;
using NodeCollector.Export.Loki;
using NodeCollector.Export.RemoteWrite;
using NodeCollector.Logs;

namespace NodeCollector.Memory;

/// <summary>
/// The process's <see cref="MemoryBudget"/>: divided by <see cref="MemoryBudgetPlan"/>, each share told how much its
/// consumer holds, and exported while the collector runs.
/// </summary>
internal sealed class MemoryBudgetService(CollectorConfig config, IServiceProvider services) : IHostedService
{
    public MemoryBudget Budget { get; } = MemoryBudgetPlan.Create(config);

    public static void Add(IServiceCollection services)
    {
        services.AddSingleton<MemoryBudgetService>();
        services.AddHostedService(sp => sp.GetRequiredService<MemoryBudgetService>());
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<RemoteWriteService>() is { } remoteWrite)
        {
            Budget.Find(MemoryBudgetPlan.RemoteWrite)?.Observe(
                () => remoteWrite.Endpoints.Sum(e => e.Stats.SamplesPending) * MemoryBudgetPlan.BytesPerQueuedSample);
            Budget.Find(MemoryBudgetPlan.Series)?.Observe(() => (long)remoteWrite.SeriesCount * MemoryBudgetPlan.BytesPerSeries);
        }

        if (services.GetService<LokiService>() is { } loki)
        {
            Budget.Find(MemoryBudgetPlan.Loki)?.Observe(() => loki.Batcher.BufferedBytes);
        }

        if (services.GetService<LogsService>() is { } logs)
        {
            Budget.Find(MemoryBudgetPlan.Logs)?.Observe(() => (long)(logs.Reconciler?.FilesOpen ?? 0) * MemoryBudgetPlan.TailReadBufferBytes);
        }

        MemoryBudgetMetrics.Register(Budget);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        MemoryBudgetMetrics.Unregister(Budget);
        return Task.CompletedTask;
    }
}
