namespace HostMocks.Loki;

/// <summary>
/// One scripted answer to the next push, before it is looked at: a status (with <c>Retry-After</c> and a body),
/// a delay after which the push is processed normally (a slow Loki, which stores what a timed-out client retries),
/// or a connection reset.
/// </summary>
internal sealed record FakeLokiFault(int Status = 0, string? RetryAfter = null, string Body = "", TimeSpan Delay = default, bool Reset = false)
{
    public static FakeLokiFault Answer(int status, string? retryAfter = null, string body = "") => new(status, retryAfter, body);

    public static FakeLokiFault Slow(TimeSpan delay) => new(Delay: delay);

    public static FakeLokiFault ConnectionReset() => new(Reset: true);
}
