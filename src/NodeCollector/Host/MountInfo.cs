using System.Text;

namespace NodeCollector.Host;

/// <summary>One line of <c>/proc/PID/mountinfo</c> (proc(5)) with what the filesystem collector needs.</summary>
internal readonly record struct MountInfo(string Device, string MountPoint, string FsType, string Major, string Minor, bool ReadOnly)
{
    /// <summary>
    /// Parses <c>id parent major:minor root mountpoint options [optional…] - fstype source superoptions</c>; a mount
    /// point's <c>\040</c> and <c>\011</c> become space and tab, and <paramref name="rootfs"/> is stripped from its front.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> line, string rootfs, LabelValueCache strings, out MountInfo mount)
    {
        mount = default;
        if (!Ascii.NextField(ref line, out _) || !Ascii.NextField(ref line, out _) || !Ascii.NextField(ref line, out var majorMinor)
            || !Ascii.NextField(ref line, out _) || !Ascii.NextField(ref line, out var mountPoint) || !Ascii.NextField(ref line, out var options))
        {
            return false;
        }

        var colon = majorMinor.IndexOf((byte)':');
        if (colon < 0 || !Ascii.TryParseUInt64(majorMinor[..colon], out var major) || !Ascii.TryParseUInt64(majorMinor[(colon + 1)..], out var minor))
        {
            return false;
        }

        // Optional fields until the lone "-".
        var separated = false;
        while (!separated && Ascii.NextField(ref line, out var field))
        {
            separated = field.SequenceEqual("-"u8);
        }

        if (!separated || !Ascii.NextField(ref line, out var fsType) || !Ascii.NextField(ref line, out var source))
        {
            return false;
        }

        Ascii.NextField(ref line, out var superOptions);
        var point = Unescape(mountPoint);
        if (rootfs.Length > 1 && point.StartsWith(rootfs, StringComparison.Ordinal) && (point.Length == rootfs.Length || point[rootfs.Length] == '/'))
        {
            point = point.Length == rootfs.Length ? "/" : point[rootfs.Length..];
        }

        mount = new MountInfo(
            strings.Get(source), strings.Get(point), strings.Get(fsType), strings.Get((long)major), strings.Get((long)minor),
            HasOption(options, "ro"u8) || HasOption(superOptions, "ro"u8));
        return true;
    }

    private static bool HasOption(ReadOnlySpan<byte> options, ReadOnlySpan<byte> option)
    {
        foreach (var range in options.Split((byte)','))
        {
            if (options[range].SequenceEqual(option))
            {
                return true;
            }
        }

        return false;
    }

    private static string Unescape(ReadOnlySpan<byte> mountPoint)
    {
        var text = Encoding.UTF8.GetString(mountPoint);
        return text.Contains('\\', StringComparison.Ordinal)
            ? text.Replace("\\040", " ", StringComparison.Ordinal).Replace("\\011", "\t", StringComparison.Ordinal)
            : text;
    }
}
