namespace NodeCollector.Host;

/// <summary>
/// The device properties (<c>E:KEY=value</c> lines) of one udev database file, <c>b&lt;major&gt;:&lt;minor&gt;</c>,
/// restricted to the keys the diskstats collector exports. A missing file leaves every key empty, as in node_exporter.
/// </summary>
internal sealed class UdevProperties
{
    public static readonly string[] Keys =
    [
        "DM_LV_LAYER", "DM_LV_NAME", "DM_NAME", "DM_UUID", "DM_VG_NAME", "ID_ATA", "ID_ATA_ROTATION_RATE_RPM", "ID_ATA_WRITE_CACHE",
        "ID_ATA_WRITE_CACHE_ENABLED", "ID_FS_TYPE", "ID_FS_USAGE", "ID_FS_UUID", "ID_FS_VERSION", "ID_MODEL", "ID_PATH", "ID_REVISION",
        "ID_SERIAL", "ID_SERIAL_SHORT", "ID_WWN", "SCSI_IDENT_SERIAL",
    ];

    private static readonly byte[][] KeyBytes = [.. Keys.Select(System.Text.Encoding.ASCII.GetBytes)];

    private readonly FileBuffer _file = new(4096);
    private readonly LabelValueCache _values;
    private readonly string?[] _found = new string?[Keys.Length];

    public UdevProperties(LabelValueCache values)
    {
        _values = values;
    }

    /// <summary>A key's value, or null when the device does not have it.</summary>
    public string? this[string key] => _found[Array.IndexOf(Keys, key)];

    public string Get(string key) => this[key] ?? "";

    public void Read(string path)
    {
        Array.Clear(_found);
        if (!_file.TryRead(path, out var text, out _))
        {
            return;
        }

        while (Ascii.NextLine(ref text, out var line))
        {
            if (!line.StartsWith("E:"u8))
            {
                continue;
            }

            var equals = line.IndexOf((byte)'=');
            if (equals < 0)
            {
                continue;
            }

            var key = line[2..equals];
            for (var i = 0; i < KeyBytes.Length; i++)
            {
                if (key.SequenceEqual(KeyBytes[i]))
                {
                    _found[i] = _values.Get(line[(equals + 1)..]);
                    break;
                }
            }
        }
    }
}
