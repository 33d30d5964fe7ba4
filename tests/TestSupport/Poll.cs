using System.Diagnostics;

namespace NodeCollector.TestSupport;

/// <summary>Waiting in tests: poll a condition until a deadline, never a bare sleep.</summary>
internal static class Poll
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"{what} did not happen within {timeout}");
    }
}
