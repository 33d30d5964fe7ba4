using System.Net;

namespace NodeCollector.Kubernetes.Api;

/// <summary>
/// The API server answered a request with an error status (or a watch stream with an ERROR event).
/// <see cref="StatusCode"/> 410 means the requested resourceVersion or continue token is too old.
/// The message never contains credentials.
/// </summary>
internal sealed class KubernetesApiException : Exception
{
    public KubernetesApiException()
    {
    }

    public KubernetesApiException(string message)
        : base(message)
    {
    }

    public KubernetesApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public KubernetesApiException(int statusCode, string? reason, string message)
        : base(message)
    {
        StatusCode = statusCode;
        Reason = reason ?? "";
    }

    /// <summary>The HTTP status, or the <c>code</c> of the Status in an ERROR event; 0 if none was given.</summary>
    public int StatusCode { get; }

    /// <summary>The Status <c>reason</c> (<c>Expired</c>, <c>Gone</c>, <c>Unauthorized</c>, ...), or empty.</summary>
    public string Reason { get; } = "";

    public bool IsGone => StatusCode == (int)HttpStatusCode.Gone;

    public bool IsUnauthorized => StatusCode == (int)HttpStatusCode.Unauthorized;
}
