namespace NodeCollector.Kubernetes.Api;

/// <summary>Why a watch stream could not be read further.</summary>
internal enum WatchStreamFailure
{
    /// <summary>A line is not a JSON watch event (bad JSON, missing object). State may have been missed: relist.</summary>
    Malformed,

    /// <summary>A well-formed event of a type this client does not know. Its meaning is unknown: relist.</summary>
    UnknownEventType,

    /// <summary>The stream ended inside an event. Nothing was applied from that event: resume from the last version.</summary>
    Truncated,

    /// <summary>An event longer than the client accepts. Treated like a malformed one.</summary>
    LineTooLong,
}
