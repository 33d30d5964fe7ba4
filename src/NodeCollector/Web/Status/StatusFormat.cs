using System.Globalization;

namespace NodeCollector.Web.Status;

/// <summary>How the status page writes times, durations and counts: UTC, invariant culture, and the age beside a time.</summary>
internal static class StatusFormat
{
    public static string Time(DateTimeOffset? time, DateTimeOffset now) => time is { } t
        ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) + " (" + Age(now - t) + " ago)"
        : "never";

    public static string TimestampMs(long milliseconds, DateTimeOffset now) =>
        milliseconds <= 0 ? "none" : Time(DateTimeOffset.FromUnixTimeMilliseconds(milliseconds), now);

    public static string Duration(TimeSpan duration) => duration.TotalSeconds >= 1
        ? duration.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s"
        : duration.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    public static string Bytes(long bytes) => bytes < 1024
        ? bytes.ToString(CultureInfo.InvariantCulture) + " B"
        : bytes < 1024 * 1024
            ? (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB"
            : (bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Age(TimeSpan age) => age.TotalSeconds < 0 ? "0s"
        : age.TotalMinutes < 2 ? ((int)age.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s"
        : age.TotalHours < 2 ? ((int)age.TotalMinutes).ToString(CultureInfo.InvariantCulture) + "m"
        : ((int)age.TotalHours).ToString(CultureInfo.InvariantCulture) + "h";
}
