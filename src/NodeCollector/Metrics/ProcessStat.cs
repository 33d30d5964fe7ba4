using System.Globalization;

namespace NodeCollector.Metrics;

/// <summary>The fields of <c>/proc/[pid]/stat</c> the process metrics need (proc(5); ticks are USER_HZ).</summary>
internal readonly record struct ProcessStat(ulong UserTicks, ulong SystemTicks, ulong StartTicks, ulong VirtualBytes, long ResidentPages)
{
    // Zero-based positions after the ")" that closes comm: state is 0, utime (field 14 of proc(5)) is 11.
    private const int UserTicksField = 11;
    private const int SystemTicksField = 12;
    private const int StartTicksField = 19;
    private const int VirtualBytesField = 20;
    private const int ResidentPagesField = 21;

    public static bool TryParse(ReadOnlySpan<byte> stat, out ProcessStat result)
    {
        result = default;

        // comm may hold spaces and parentheses; the last ")" ends it.
        var commEnd = stat.LastIndexOf((byte)')');
        if (commEnd < 0)
        {
            return false;
        }

        ulong user = 0, system = 0, start = 0, virtualBytes = 0;
        long resident = 0;
        var fields = stat[(commEnd + 1)..].Trim(" \n"u8);
        var index = 0;
        foreach (var range in fields.Split((byte)' '))
        {
            var field = fields[range];
            var parsed = index switch
            {
                UserTicksField => TryParse(field, out user),
                SystemTicksField => TryParse(field, out system),
                StartTicksField => TryParse(field, out start),
                VirtualBytesField => TryParse(field, out virtualBytes),
                ResidentPagesField => long.TryParse(field, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out resident),
                _ => true,
            };
            if (!parsed)
            {
                return false;
            }

            if (index++ == ResidentPagesField)
            {
                result = new ProcessStat(user, system, start, virtualBytes, resident);
                return true;
            }
        }

        return false;
    }

    private static bool TryParse(ReadOnlySpan<byte> field, out ulong value) =>
        ulong.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
