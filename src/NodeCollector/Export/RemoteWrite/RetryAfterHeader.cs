using System.Net.Http.Headers;

namespace NodeCollector.Export.RemoteWrite;

/// <summary><c>Retry-After</c>: an integer number of seconds or an HTTP-date, turned into a wait from now.</summary>
internal static class RetryAfterHeader
{
    public static TimeSpan? From(RetryConditionHeaderValue? header, DateTimeOffset now)
    {
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
