namespace NodeCollector.Export.RemoteWrite;

/// <summary>The three ways a remote-write request can end.</summary>
internal enum SendOutcomeKind
{
    Success,
    Retryable,
    Fatal,
}
