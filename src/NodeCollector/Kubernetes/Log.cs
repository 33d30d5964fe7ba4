using Microsoft.Extensions.Logging;

namespace NodeCollector.Kubernetes;

/// <summary>Log events of the Kubernetes discovery, ids 4000–4999. Never logs tokens or other credentials.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "kubernetes: listed {Count} {Kind} at resourceVersion {ResourceVersion} ({Pages} pages)")]
    public static partial void Listed(ILogger logger, string kind, int count, string resourceVersion, int pages);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "kubernetes: watching {Kind} from resourceVersion {ResourceVersion}")]
    public static partial void WatchStarted(ILogger logger, string kind, string resourceVersion);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Debug, Message = "kubernetes: {Kind} watch ended by the server at resourceVersion {ResourceVersion}; watching again")]
    public static partial void WatchEnded(ILogger logger, string kind, string resourceVersion);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "kubernetes: {Kind} resourceVersion {ResourceVersion} is too old (410 {Reason}); relisting")]
    public static partial void Expired(ILogger logger, string kind, string resourceVersion, string reason);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "kubernetes: {Kind} watch connection lost ({Problem}); resuming from resourceVersion {ResourceVersion} in {Delay}")]
    public static partial void WatchDropped(ILogger logger, string kind, string problem, string resourceVersion, TimeSpan delay);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Error, Message = "kubernetes: {Kind} watch sent an event that cannot be applied ({Failure}: {Problem}); relisting in {Delay}")]
    public static partial void WatchStreamInvalid(ILogger logger, string kind, string failure, string problem, TimeSpan delay);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "kubernetes: {Kind} {Operation} failed with {StatusCode} {Reason}: {Problem}; retrying in {Delay}")]
    public static partial void RequestFailed(ILogger logger, string kind, string operation, int statusCode, string reason, string problem, TimeSpan delay);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Warning, Message = "kubernetes: {Kind} {Operation} timed out ({Problem}); retrying in {Delay}")]
    public static partial void RequestTimedOut(ILogger logger, string kind, string operation, string problem, TimeSpan delay);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Information, Message = "kubernetes: re-read the token file {Path} ({Cause})")]
    public static partial void TokenReloaded(ILogger logger, string path, string cause);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Warning, Message = "kubernetes: cannot read the token file {Path}: {Problem}; keeping the previous token")]
    public static partial void TokenFileUnreadable(ILogger logger, string path, string problem);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Error, Message = "kubernetes: unexpected error in the {Kind} watch loop; relisting in {Delay}")]
    public static partial void UnexpectedError(ILogger logger, Exception exception, string kind, TimeSpan delay);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Warning, Message = "kubernetes: {Kind} watch sent ERROR {Code} {Reason}: {Problem}; relisting in {Delay}")]
    public static partial void WatchErrorEvent(ILogger logger, string kind, int code, string reason, string problem, TimeSpan delay);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Information, Message = "kubernetes: first pod list of node {Node} succeeded ({Count} pods); discovery is ready")]
    public static partial void Ready(ILogger logger, string node, int count);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Error, Message = "kubernetes: a snapshot subscriber failed")]
    public static partial void SubscriberFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4014, Level = LogLevel.Warning, Message = "kubernetes: node {Node} does not exist (yet); its labels are empty")]
    public static partial void NodeNotFound(ILogger logger, string node);

    [LoggerMessage(EventId = 4015, Level = LogLevel.Information, Message = "kubernetes: {Kind} list continue token expired (410); restarting the list")]
    public static partial void ListContinueExpired(ILogger logger, string kind);

    [LoggerMessage(EventId = 4016, Level = LogLevel.Debug, Message = "kubernetes: {Kind} watch received a bookmark at resourceVersion {ResourceVersion}")]
    public static partial void Bookmark(ILogger logger, string kind, string resourceVersion);

    [LoggerMessage(EventId = 4017, Level = LogLevel.Information, Message = "kubernetes: discovery of node {Node} via {ApiServer} starting")]
    public static partial void Starting(ILogger logger, string node, Uri apiServer);

    [LoggerMessage(EventId = 4018, Level = LogLevel.Information, Message = "kubernetes: {Kind} watch recovered at resourceVersion {ResourceVersion}; snapshot is current again")]
    public static partial void Recovered(ILogger logger, string kind, string resourceVersion);

    [LoggerMessage(EventId = 4019, Level = LogLevel.Warning, Message = "kubernetes: {Kind} {Operation} could not reach the API server ({Problem}); retrying in {Delay}")]
    public static partial void ConnectionFailed(ILogger logger, string kind, string operation, string problem, TimeSpan delay);
}
