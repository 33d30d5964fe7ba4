namespace NodeCollector.Export.RemoteWrite;

/// <summary>How one request ended: written, worth retrying (5xx, 429, network), or final (other 4xx).</summary>
internal readonly record struct SendOutcome(SendOutcomeKind Kind, int StatusCode, TimeSpan? RetryAfter, string Detail)
{
    public static SendOutcome Success(int status) => new(SendOutcomeKind.Success, status, null, "");

    public static SendOutcome Retryable(int status, TimeSpan? retryAfter, string detail) => new(SendOutcomeKind.Retryable, status, retryAfter, detail);

    public static SendOutcome Fatal(int status, string detail) => new(SendOutcomeKind.Fatal, status, null, detail);
}
