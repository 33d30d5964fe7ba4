using NodeCollector.Metrics;

namespace NodeCollector.Host;

/// <summary>
/// One kstat file of <c>/proc/spl/kstat/zfs</c> (<c>name type data</c> rows after a header): each integer row (type 4,
/// unsigned; type 3, signed) becomes the untyped family <c>node_zfs_&lt;subsystem&gt;_&lt;name&gt;</c> with the HELP
/// <c>kstat.zfs.misc.&lt;file&gt;.&lt;name&gt;</c>. The families are made once per row and reused while the rows stay the same.
/// </summary>
internal sealed class ZfsKstatFile
{
    private readonly string _file;
    private readonly string _subsystem;
    private readonly List<(byte[] Name, MetricFamily Family)> _rows = [];

    public ZfsKstatFile(string path, string file, string subsystem)
    {
        Path = path;
        _file = file;
        _subsystem = subsystem;
    }

    public string Path { get; }

    public bool TryWrite(ReadOnlySpan<byte> text, IMetricWriter writer, out string? failure)
    {
        failure = null;
        var started = false;
        var row = 0;
        while (Ascii.NextLine(ref text, out var line))
        {
            if (!Ascii.NextField(ref line, out var name) || !Ascii.NextField(ref line, out var type) || !Ascii.NextField(ref line, out var data))
            {
                continue;
            }

            if (!started)
            {
                started = name.SequenceEqual("name"u8) && type.SequenceEqual("type"u8) && data.SequenceEqual("data"u8);
                continue;
            }

            double value;
            if (type.SequenceEqual("4"u8) && Ascii.TryParseUInt64(data, out var unsigned))
            {
                value = unsigned;
            }
            else if (type.SequenceEqual("3"u8) && Ascii.TryParseInt64(data, out var signed))
            {
                value = signed;
            }
            else if (type.SequenceEqual("4"u8) || type.SequenceEqual("3"u8))
            {
                failure = $"{Path}: {System.Text.Encoding.UTF8.GetString(name)} is not an integer";
                return false;
            }
            else
            {
                continue;
            }

            writer.WriteSingle(Family(row++, name), value);
        }

        if (!started)
        {
            failure = $"{Path}: no \"name type data\" header";
        }

        return started;
    }

    private MetricFamily Family(int row, ReadOnlySpan<byte> name)
    {
        if (row < _rows.Count && _rows[row].Name.AsSpan().SequenceEqual(name))
        {
            return _rows[row].Family;
        }

        var text = System.Text.Encoding.UTF8.GetString(name);
        var entry = (name.ToArray(), new MetricFamily($"node_zfs_{_subsystem}_{MetricName(text)}", $"kstat.zfs.misc.{_file}.{text}", MetricType.Untyped));
        if (row < _rows.Count)
        {
            _rows[row] = entry;
        }
        else
        {
            _rows.Add(entry);
        }

        return entry.Item2;
    }

    /// <summary>A kstat name as part of a metric name: anything but letters, digits and underscores becomes an underscore (<c>erpt-dropped</c> → <c>erpt_dropped</c>).</summary>
    public static string MetricName(string kstat) => string.Create(kstat.Length, kstat, static (chars, source) =>
    {
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = char.IsAsciiLetterOrDigit(source[i]) ? source[i] : '_';
        }
    });
}
