using Microsoft.Extensions.Logging;

namespace NodeCollector.Host;

/// <summary>Events of the host collectors (event ids 3000–3999). A collector's state is logged when it changes, never per scrape.</summary>
internal static partial class Log
{
    [LoggerMessage(3000, LogLevel.Information, "Host collectors enabled: {Collectors}")]
    public static partial void Enabled(ILogger logger, string collectors);

    [LoggerMessage(3001, LogLevel.Warning, "Collector {Collector} failed: {Reason}")]
    public static partial void CollectorFailed(ILogger logger, string collector, string reason);

    [LoggerMessage(3002, LogLevel.Information, "Collector {Collector} succeeds again")]
    public static partial void CollectorRecovered(ILogger logger, string collector);

    [LoggerMessage(3003, LogLevel.Warning, "Metric family {Family} of collector {Collector} was already written by another collector; dropped")]
    public static partial void DuplicateFamily(ILogger logger, string family, string collector);

    [LoggerMessage(3004, LogLevel.Warning, "Mount point {MountPoint} did not answer statfs within {Timeout}; reporting it as a device error until it does")]
    public static partial void MountStuck(ILogger logger, string mountPoint, string timeout);

    [LoggerMessage(3005, LogLevel.Information, "Mount point {MountPoint} answers statfs again")]
    public static partial void MountRecovered(ILogger logger, string mountPoint);
}
