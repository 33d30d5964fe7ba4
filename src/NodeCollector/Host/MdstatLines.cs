namespace NodeCollector.Host;

/// <summary>The status and progress lines under an array in <c>/proc/mdstat</c>, read as the procfs library reads them.</summary>
internal static class MdstatLines
{
    /// <summary>
    /// <c>&lt;size&gt; blocks … [total/active] [UU_]</c>; raid0 and linear arrays count the disks of the device line, inactive
    /// arrays have none active.
    /// </summary>
    public static bool TryParseStatus(ReadOnlySpan<byte> deviceLine, ReadOnlySpan<byte> statusLine, out long active, out long total, out long size)
    {
        active = total = 0;
        var fields = statusLine;
        if (!Ascii.NextField(ref fields, out var sizeText) || !Ascii.TryParseInt64(sizeText, out size))
        {
            size = 0;
            return false;
        }

        if (deviceLine.IndexOf("raid0"u8) >= 0 || deviceLine.IndexOf("linear"u8) >= 0)
        {
            active = total = deviceLine.Count((byte)'[');
            return true;
        }

        if (deviceLine.IndexOf("inactive"u8) >= 0)
        {
            return true;
        }

        // The last "[total/active] [U_…]" after " blocks ".
        var blocks = statusLine.IndexOf(" blocks "u8);
        for (var at = statusLine.LastIndexOf((byte)'['); blocks >= 0 && at > blocks; at = statusLine[..at].LastIndexOf((byte)'['))
        {
            if (TryParseCounts(statusLine[(at + 1)..], out total, out active))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The blocks synced of <c>… (synced/total) finish=…min speed=…K/sec</c>; percent, finish and speed must parse too.</summary>
    public static bool TryParseProgress(ReadOnlySpan<byte> line, out double synced)
    {
        synced = 0;
        var open = line.IndexOf((byte)'(');
        while (open >= 0)
        {
            var rest = line[(open + 1)..];
            var close = rest.IndexOf((byte)')');
            var slash = rest.IndexOf((byte)'/');
            if (close > 0 && slash > 0 && slash < close && Ascii.TryParseInt64(rest[..slash], out var done) && Ascii.TryParseInt64(rest[(slash + 1)..close], out _))
            {
                synced = done;
                break;
            }

            var next = rest.IndexOf((byte)'(');
            open = next < 0 ? -1 : open + 1 + next;
        }

        return open >= 0
            && TryParseBetween(line, "= "u8, line.LastIndexOf((byte)'%'))
            && TryParseBetween(line, "finish="u8, line.LastIndexOf("min"u8))
            && TryParseBetween(line, "speed="u8, LastUpper(line));
    }

    private static bool TryParseCounts(ReadOnlySpan<byte> text, out long total, out long active)
    {
        total = active = 0;
        var slash = text.IndexOf((byte)'/');
        var close = text.IndexOf("] ["u8);
        if (slash <= 0 || close <= slash || !Ascii.TryParseInt64(text[..slash], out total) || !Ascii.TryParseInt64(text[(slash + 1)..close], out active))
        {
            return false;
        }

        var disks = text[(close + 3)..];
        var end = disks.IndexOfAnyExcept("U_"u8);
        return end > 0 && disks[end] == (byte)']';
    }

    private static bool TryParseBetween(ReadOnlySpan<byte> line, ReadOnlySpan<byte> prefix, int end)
    {
        var start = line.IndexOf(prefix);
        return start >= 0 && end > start + prefix.Length && Ascii.TryParseDouble(line[(start + prefix.Length)..end].Trim(" "u8), out _);
    }

    private static int LastUpper(ReadOnlySpan<byte> line)
    {
        for (var i = line.Length - 1; i >= 0; i--)
        {
            if (line[i] is >= (byte)'A' and <= (byte)'Z')
            {
                return i;
            }
        }

        return -1;
    }
}
