using Microsoft.Extensions.Logging;
using NodeCollector.Config;

namespace NodeCollector.Host;

/// <summary>Builds the host metric source from the configuration: the selected collectors over the configured host roots.</summary>
internal static class HostMetricSourceFactory
{
    public static HostMetricSource Create(CollectorConfig config, TimeProvider time, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger<HostMetricSource>();
        var context = new HostCollectorContext(config.Node.Procfs, config.Node.Sysfs, config.Node.Rootfs, config.HostMetrics, time, logger);
        var collectors = HostCollectorRegistry.Create(config.HostMetrics.Collectors, context);
        Log.Enabled(logger, string.Join(", ", collectors.Select(c => c.Name)));
        return new HostMetricSource(collectors, config.HostMetrics.CollectorTimeout, logger);
    }
}
