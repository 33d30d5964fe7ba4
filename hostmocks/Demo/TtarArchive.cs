using System.Text;

namespace HostMocks.Demo;

/// <summary>
/// Unpacks node_exporter's ttar archives (the fixture <c>sys.ttar</c>, <c>udev.ttar</c>) with their symlinks, which a
/// plain copy of the unpacked folders loses. Format (fixtures/node_exporter/README.md): <c>Directory:</c>,
/// <c>Path:</c> with <c>SymlinkTo:</c> or <c>Lines: n</c> and n content lines, <c>Mode:</c>, <c>#</c> separators;
/// in content <c>NULLBYTE</c> is byte 0 and a trailing <c>EOF</c> means no final newline (a backslash escapes both).
/// </summary>
internal static class TtarArchive
{
    public static void Extract(string archive, string destination)
    {
        var lines = SplitLines(File.ReadAllBytes(archive));
        for (var i = 0; i < lines.Count; i++)
        {
            var line = Encoding.Latin1.GetString(lines[i]);
            if (line.StartsWith("Directory: ", StringComparison.Ordinal))
            {
                Directory.CreateDirectory(Target(destination, line["Directory: ".Length..]));
            }
            else if (line.StartsWith("Path: ", StringComparison.Ordinal))
            {
                var path = Target(destination, line["Path: ".Length..]);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                var next = Encoding.Latin1.GetString(lines[++i]);
                if (next.StartsWith("SymlinkTo: ", StringComparison.Ordinal))
                {
                    File.CreateSymbolicLink(path, next["SymlinkTo: ".Length..]);
                }
                else if (next.StartsWith("Lines: ", StringComparison.Ordinal))
                {
                    var count = int.Parse(next["Lines: ".Length..], System.Globalization.CultureInfo.InvariantCulture);
                    using var file = File.Create(path);
                    for (var n = 0; n < count; n++)
                    {
                        WriteContentLine(file, lines[++i], last: n == count - 1);
                    }
                }
                else
                {
                    throw new InvalidDataException($"{archive}: entry {path} has neither SymlinkTo nor Lines");
                }
            }
        }
    }

    private static string Target(string destination, string relative) =>
        Path.Combine(destination, relative.Replace("/", Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal));

    private static void WriteContentLine(Stream file, byte[] line, bool last)
    {
        var newline = true;
        var span = line.AsSpan();
        if (last && span.EndsWith("EOF"u8) && !span.EndsWith("\\EOF"u8))
        {
            span = span[..^3];
            newline = false;
        }

        while (!span.IsEmpty)
        {
            var marker = span.IndexOf("NULLBYTE"u8);
            if (marker < 0)
            {
                file.Write(Unescape(span));
                break;
            }

            if (marker > 0 && span[marker - 1] == (byte)'\\')
            {
                file.Write(span[..(marker - 1)]);
                file.Write("NULLBYTE"u8);
            }
            else
            {
                file.Write(span[..marker]);
                file.WriteByte(0);
            }

            span = span[(marker + "NULLBYTE".Length)..];
        }

        if (newline)
        {
            file.WriteByte((byte)'\n');
        }
    }

    private static byte[] Unescape(ReadOnlySpan<byte> text)
    {
        var escaped = text.IndexOf("\\EOF"u8);
        return escaped < 0 ? text.ToArray() : [.. text[..escaped], .. "EOF"u8, .. Unescape(text[(escaped + 4)..])];
    }

    private static List<byte[]> SplitLines(byte[] bytes)
    {
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i <= bytes.Length; i++)
        {
            if (i == bytes.Length || bytes[i] == (byte)'\n')
            {
                if (i > start || i < bytes.Length)
                {
                    lines.Add(bytes[start..i]);
                }

                start = i + 1;
            }
        }

        return lines;
    }
}
