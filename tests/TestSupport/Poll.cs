using System.Diagnostics;

namespace NodeCollector.TestSupport;

/// <summary>Waits for a condition by polling with a deadline, never by a bare sleep.</summary>
internal static class Poll
{
    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"gave up after {timeout.TotalSeconds:0.#} s waiting for {what}");
            }

            await Task.Delay(5);
        }
    }

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"gave up after {timeout.TotalSeconds:0.#} s waiting for {what}");
            }

            await Task.Delay(50);
        }
    }
}
