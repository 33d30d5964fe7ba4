namespace NodeCollector.Kubernetes.Api;

/// <summary>
/// A <c>Status</c>: the body of an error response and the object of an <c>ERROR</c> watch event
/// (<c>code: 410</c>, <c>reason: Expired</c> when the requested version is too old).
/// </summary>
internal sealed class V1Status
{
    public string? Kind { get; init; }

    public string? ApiVersion { get; init; }

    /// <summary><c>Success</c> or <c>Failure</c>.</summary>
    public string? Status { get; init; }

    public string? Message { get; init; }

    public string? Reason { get; init; }

    public int Code { get; init; }
}
