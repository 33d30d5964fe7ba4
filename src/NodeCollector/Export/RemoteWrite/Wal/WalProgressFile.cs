using System.Globalization;

namespace NodeCollector.Export.RemoteWrite.Wal;

/// <summary>
/// Where one endpoint resumes after a restart: the first WAL position it had not completely sent, in a small
/// text file (<c>segment offset</c>) under <c>wal.dir/progress/</c>, replaced atomically by rename.
/// </summary>
internal sealed class WalProgressFile
{
    private readonly string _path;

    public WalProgressFile(string walDir, string endpointKey)
    {
        var dir = Path.Combine(walDir, "progress");
        Directory.CreateDirectory(dir);
        _path = Path.Combine(dir, endpointKey);
    }

    public WalPosition? Load()
    {
        try
        {
            var parts = File.ReadAllText(_path).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length == 2
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var segment)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                return new WalPosition(segment, offset);
            }
        }
        catch (FileNotFoundException)
        {
            // A new endpoint.
        }

        return null;
    }

    public void Save(WalPosition position)
    {
        var temp = _path + ".tmp";
        File.WriteAllText(temp, string.Create(CultureInfo.InvariantCulture, $"{position.Segment} {position.Offset}\n"));
        File.Move(temp, _path, overwrite: true);
    }
}
