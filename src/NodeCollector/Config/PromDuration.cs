namespace NodeCollector.Config;

/// <summary>
/// Prometheus durations: a sequence of number-unit pairs in decreasing unit order
/// (<c>1y2w3d4h5m6s7ms</c>, units y=365d, w=7d), or a bare <c>0</c>.
/// </summary>
internal static class PromDuration
{
    private static readonly (string Unit, TimeSpan Size)[] Units =
    [
        ("y", TimeSpan.FromDays(365)),
        ("w", TimeSpan.FromDays(7)),
        ("d", TimeSpan.FromDays(1)),
        ("h", TimeSpan.FromHours(1)),
        ("m", TimeSpan.FromMinutes(1)),
        ("s", TimeSpan.FromSeconds(1)),
        ("ms", TimeSpan.FromMilliseconds(1)),
    ];

    public static bool TryParse(ReadOnlySpan<char> text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text.SequenceEqual("0"))
        {
            return true;
        }

        if (text.IsEmpty)
        {
            return false;
        }

        var nextUnit = 0;
        long totalMs = 0;
        while (!text.IsEmpty)
        {
            var digits = 0;
            while (digits < text.Length && char.IsAsciiDigit(text[digits]))
            {
                digits++;
            }

            if (digits == 0 || !long.TryParse(text[..digits], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            text = text[digits..];
            var unitLength = 0;
            while (unitLength < text.Length && char.IsAsciiLetterLower(text[unitLength]))
            {
                unitLength++;
            }

            var unit = text[..unitLength];
            text = text[unitLength..];
            var index = IndexOfUnit(unit, nextUnit);
            if (index < 0)
            {
                return false;
            }

            nextUnit = index + 1;
            var unitMs = (long)Units[index].Size.TotalMilliseconds;
            if (number > (long.MaxValue - totalMs) / unitMs)
            {
                return false;
            }

            totalMs += number * unitMs;
        }

        duration = TimeSpan.FromMilliseconds(totalMs);
        return true;
    }

    /// <summary>Formats like Prometheus (<c>1m30s</c>, <c>15s</c>, <c>0s</c>).</summary>
    public static string Format(TimeSpan duration)
    {
        var ms = (long)duration.TotalMilliseconds;
        if (ms == 0)
        {
            return "0s";
        }

        var text = new System.Text.StringBuilder();
        foreach (var (unit, size) in Units)
        {
            var unitMs = (long)size.TotalMilliseconds;
            if (ms >= unitMs)
            {
                text.Append(ms / unitMs).Append(unit);
                ms %= unitMs;
            }
        }

        return text.ToString();
    }

    private static int IndexOfUnit(ReadOnlySpan<char> unit, int from)
    {
        for (var i = from; i < Units.Length; i++)
        {
            if (unit.SequenceEqual(Units[i].Unit))
            {
                return i;
            }
        }

        return -1;
    }
}
