namespace NodeCollector.Kubernetes.Api;

/// <summary>A watch stream delivered something that cannot be applied; the stream ends with it.</summary>
internal sealed class WatchStreamException : Exception
{
    public WatchStreamException()
    {
    }

    public WatchStreamException(string message)
        : base(message)
    {
    }

    public WatchStreamException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public WatchStreamException(WatchStreamFailure failure, string message)
        : base(message) => Failure = failure;

    public WatchStreamFailure Failure { get; } = WatchStreamFailure.Malformed;

    /// <summary>True when what was read so far may be incomplete in a way only a fresh list repairs.</summary>
    public bool RequiresRelist => Failure != WatchStreamFailure.Truncated;
}
