namespace NodeCollector.Host;

/// <summary>
/// The abbreviation Go prints for the local time zone (<c>UTC</c>, <c>CET</c>, <c>CEST</c>), which .NET does not expose:
/// taken from the POSIX TZ rule in the <c>TZ</c> variable or at the end of the zone's TZif file (tzfile(5)).
/// </summary>
internal static class TimeZoneAbbreviation
{
    public static (string Standard, string Daylight) ForLocalZone(TimeZoneInfo zone)
    {
        var rule = Environment.GetEnvironmentVariable("TZ") is { Length: > 0 } tz && !tz.StartsWith(':') && !tz.Contains('/', StringComparison.Ordinal)
            ? tz
            : FooterRule(TzFile(zone));
        return rule is not null && TryParse(rule, out var standard, out var daylight)
            ? (standard, daylight ?? standard)
            : zone.BaseUtcOffset == TimeSpan.Zero && !zone.SupportsDaylightSavingTime ? ("UTC", "UTC") : (zone.StandardName, zone.DaylightName);
    }

    private static string TzFile(TimeZoneInfo zone) =>
        Environment.GetEnvironmentVariable("TZ") is { Length: > 0 } tz
            ? (tz.TrimStart(':') is var name && Path.IsPathRooted(name) ? name : Path.Combine("/usr/share/zoneinfo", name))
            : zone.Id is { Length: > 0 } id && id != "Local" && File.Exists(Path.Combine("/usr/share/zoneinfo", id)) ? Path.Combine("/usr/share/zoneinfo", id) : "/etc/localtime";

    /// <summary>TZif version 2 and later end with a newline, the POSIX TZ rule, and a newline.</summary>
    private static string? FooterRule(string path)
    {
        try
        {
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length < 2 || bytes[^1] != (byte)'\n')
            {
                return null;
            }

            var start = Array.LastIndexOf(bytes, (byte)'\n', bytes.Length - 2);
            return start < 0 ? null : System.Text.Encoding.ASCII.GetString(bytes, start + 1, bytes.Length - start - 2);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>"CET-1CEST,M3.5.0,M10.5.0/3" → CET, CEST; "UTC0" → UTC; "&lt;+03&gt;-3" → +03.</summary>
    private static bool TryParse(string rule, out string standard, out string? daylight)
    {
        daylight = null;
        var position = 0;
        standard = Name(rule, ref position);
        if (standard.Length == 0)
        {
            return false;
        }

        while (position < rule.Length && (char.IsAsciiDigit(rule[position]) || rule[position] is '+' or '-' or ':'))
        {
            position++;
        }

        var second = Name(rule, ref position);
        daylight = second.Length > 0 ? second : null;
        return true;
    }

    private static string Name(string rule, ref int position)
    {
        if (position < rule.Length && rule[position] == '<')
        {
            var close = rule.IndexOf('>', position);
            if (close < 0)
            {
                return "";
            }

            var quoted = rule[(position + 1)..close];
            position = close + 1;
            return quoted;
        }

        var start = position;
        while (position < rule.Length && char.IsAsciiLetter(rule[position]))
        {
            position++;
        }

        return rule[start..position];
    }
}
