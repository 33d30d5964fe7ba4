namespace NodeCollector.Logs;

/// <summary>
/// Parses the RFC 3339 timestamps of container logs from bytes to Unix nanoseconds: any number of fraction digits
/// (0 to 9, more are cut), <c>Z</c> or a numeric offset (<c>+02:00</c>), as CRI runtimes and Docker write them.
/// </summary>
internal static class Rfc3339Timestamp
{
    private const long NanosPerSecond = 1_000_000_000L;

    public static bool TryParseUnixNanos(ReadOnlySpan<byte> text, out long unixNanos)
    {
        unixNanos = 0;
        // yyyy-MM-ddTHH:mm:ss then fraction and zone.
        if (text.Length < 20 || text[4] != '-' || text[7] != '-' || (text[10] | 0x20) != 't' || text[13] != ':' || text[16] != ':')
        {
            return false;
        }

        if (!TryDigits(text, 0, 4, out var year) || !TryDigits(text, 5, 2, out var month) || !TryDigits(text, 8, 2, out var day)
            || !TryDigits(text, 11, 2, out var hour) || !TryDigits(text, 14, 2, out var minute) || !TryDigits(text, 17, 2, out var second))
        {
            return false;
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(1, year), month) || hour > 23 || minute > 59 || second > 60)
        {
            return false;
        }

        var at = 19;
        long fraction = 0;
        if (text[at] == '.')
        {
            at++;
            var digits = 0;
            while (at < text.Length && text[at] - (uint)'0' <= 9)
            {
                if (digits < 9)
                {
                    fraction = (fraction * 10) + (text[at] - '0');
                    digits++;
                }

                at++;
            }

            if (digits == 0)
            {
                return false;
            }

            for (; digits < 9; digits++)
            {
                fraction *= 10;
            }
        }

        if (!TryZone(text[at..], out var offsetSeconds))
        {
            return false;
        }

        var days = DaysFromCivil(year, month, day);
        var seconds = (days * 86400L) + (hour * 3600L) + (minute * 60L) + second - offsetSeconds;
        unixNanos = (seconds * NanosPerSecond) + fraction;
        return true;
    }

    private static bool TryZone(ReadOnlySpan<byte> zone, out int offsetSeconds)
    {
        offsetSeconds = 0;
        if (zone.Length == 1 && (zone[0] | 0x20) == 'z')
        {
            return true;
        }

        if (zone.Length != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':'
            || !TryDigits(zone, 1, 2, out var hours) || !TryDigits(zone, 4, 2, out var minutes) || hours > 23 || minutes > 59)
        {
            return false;
        }

        offsetSeconds = ((hours * 60) + minutes) * 60 * (zone[0] == '-' ? -1 : 1);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = text[i] - (uint)'0';
            if (digit > 9)
            {
                return false;
            }

            value = (value * 10) + (int)digit;
        }

        return true;
    }

    // Howard Hinnant's days_from_civil: days since 1970-01-01 of a proleptic Gregorian date.
    private static long DaysFromCivil(int year, int month, int day)
    {
        long y = month <= 2 ? year - 1 : year;
        var era = (y >= 0 ? y : y - 399) / 400;
        var yearOfEra = y - (era * 400);
        var dayOfYear = ((153 * (month + (month > 2 ? -3 : 9))) + 2) / 5 + day - 1;
        var dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return (era * 146097) + dayOfEra - 719468;
    }
}
