using Microsoft.Extensions.Logging;

namespace NodeCollector;

/// <summary>Events of the collector's start and stop (event ids 1000–1099).</summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "Starting NodeCollector {Version} for node {Node}")]
    public static partial void Starting(ILogger logger, string version, string node);

    [LoggerMessage(1001, LogLevel.Information, "Listening on {Address}")]
    public static partial void Listening(ILogger logger, string address);

    [LoggerMessage(1002, LogLevel.Information, "Stopping: sources first, then exporters flush within {Deadline}")]
    public static partial void Stopping(ILogger logger, string deadline);

    [LoggerMessage(1003, LogLevel.Information, "Stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(1004, LogLevel.Information, "Ready: every configured source has started")]
    public static partial void Ready(ILogger logger);

    [LoggerMessage(1005, LogLevel.Warning, "Configuration {Key}: {Warning}")]
    public static partial void ExposingSetting(ILogger logger, string key, string warning);
}
