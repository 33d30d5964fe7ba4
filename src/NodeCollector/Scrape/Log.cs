using Microsoft.Extensions.Logging;

namespace NodeCollector.Scrape;

/// <summary>Events of scraping (event ids 5000–5999). A target's health is logged when it changes, never per scrape.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Warning, Message = "scrape: target {Job} {Url} is down: {Reason}")]
    public static partial void TargetDown(ILogger logger, string job, string url, string reason);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "scrape: target {Job} {Url} is up again")]
    public static partial void TargetUp(ILogger logger, string job, string url);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Error, Message = "scrape: the loop of {Job} {Url} failed unexpectedly")]
    public static partial void ScrapeCrashed(ILogger logger, string job, string url, Exception exception);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "scrape: re-read the credentials file {Path} ({Cause})")]
    public static partial void TokenReread(ILogger logger, string path, string cause);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "scrape: cannot use the credentials file {Path}: {Problem}; keeping the previous value")]
    public static partial void TokenUnreadable(ILogger logger, string path, string problem);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Information, Message = "scrape: job {Job} has {Active} active and {Dropped} dropped targets")]
    public static partial void TargetsUpdated(ILogger logger, string job, int active, int dropped);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "scrape: job {Job} dropped target {Labels}: {Reason}")]
    public static partial void TargetInvalid(ILogger logger, string job, string labels, string reason);
}
