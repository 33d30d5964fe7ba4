using System.Net.Http.Headers;
using NodeCollector.Export.RemoteWrite;

namespace NodeCollector.Tests.Export.RemoteWrite;

public class BackoffTests
{
    [Fact]
    public void Waits_double_from_min_to_max_and_Retry_After_replaces_one_wait()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(200));

        var waits = new[]
        {
            backoff.Next(), backoff.Next(), backoff.Next(TimeSpan.FromSeconds(7)), backoff.Next(), backoff.Next(),
        };

        Assert.Equal([30, 60, 7000, 200, 200], waits.Select(w => (int)w.TotalMilliseconds));
        backoff.Reset();
        Assert.Equal(TimeSpan.FromMilliseconds(30), backoff.Next());
    }

    [Fact]
    public void Retry_After_is_read_as_seconds_or_as_an_HTTP_date()
    {
        var now = new DateTimeOffset(2024, 1, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromSeconds(3), RetryAfterHeader.From(RetryConditionHeaderValue.Parse("3"), now));
        Assert.Equal(TimeSpan.FromSeconds(90), RetryAfterHeader.From(RetryConditionHeaderValue.Parse("Mon, 01 Jan 2024 12:01:30 GMT"), now));
        Assert.Equal(TimeSpan.Zero, RetryAfterHeader.From(RetryConditionHeaderValue.Parse("Mon, 01 Jan 2024 11:00:00 GMT"), now));
        Assert.Null(RetryAfterHeader.From(null, now));
    }
}
