using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Mono.Unix.Native;

namespace NodeCollector.Logs;

/// <summary>
/// The positions file: per file identity the offset Loki acknowledged, as JSON. Written atomically (temp file, fsync,
/// rename, fsync of the directory) so a crash leaves the old or the new file, never a mix. An unreadable file is moved
/// aside, counted and logged, and reading starts over: a bad positions file never stops the collector.
/// </summary>
internal sealed class PositionsFile(string path, LogsCounters counters, ILogger logger, TimeProvider time)
{
    public string Path => path;

    public PositionsLoad Load()
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return new PositionsLoad([], FirstStart: true, WasCorrupt: false);
        }
        catch (DirectoryNotFoundException)
        {
            return new PositionsLoad([], FirstStart: true, WasCorrupt: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            counters.PositionsCorrupted();
            Log.PositionsCorrupt(logger, path, "(left in place)", ex.Message);
            return new PositionsLoad([], FirstStart: false, WasCorrupt: true);
        }

        try
        {
            var entries = Parse(bytes);
            Log.PositionsLoaded(logger, path, entries.Count);
            return new PositionsLoad(entries, FirstStart: false, WasCorrupt: false);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or KeyNotFoundException or OverflowException)
        {
            var aside = MoveAside();
            counters.PositionsCorrupted();
            Log.PositionsCorrupt(logger, path, aside, ex.Message);
            return new PositionsLoad([], FirstStart: false, WasCorrupt: true);
        }
    }

    private string MoveAside()
    {
        var aside = path + ".corrupt-" + time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        try
        {
            File.Move(path, aside, overwrite: true);
            return aside;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "(could not be moved: " + ex.Message + ")";
        }
    }

    /// <summary>Replaces the file with <paramref name="entries"/>; false (logged) when the disk refused.</summary>
    public bool TrySave(IEnumerable<PositionEntry> entries)
    {
        var temp = path + ".tmp";
        try
        {
            var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
            Directory.CreateDirectory(directory);
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                using (var writer = new Utf8JsonWriter(stream))
                {
                    Write(writer, entries);
                }

                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
            SyncDirectory(directory);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.PositionsWriteFailed(logger, path, ex.Message);
            return false;
        }
    }

    // The writer buffers everything until flushed (the file stream is unbuffered): with 500 files a save grew its buffer
    // past the large-object threshold, and saves follow every push (README, Performance, Log tailing).
    private const int FlushEvery = 4 * 1024;

    private static void Write(Utf8JsonWriter writer, IEnumerable<PositionEntry> entries)
    {
        writer.WriteStartObject();
        writer.WriteNumber("version", 1);
        writer.WriteStartArray("files");
        Span<char> hash = stackalloc char[16];
        foreach (var entry in entries)
        {
            writer.WriteStartObject();
            writer.WriteString("path", entry.Path);
            writer.WriteNumber("device", entry.Device);
            writer.WriteNumber("inode", entry.Inode);
            entry.Fingerprint.Hash.TryFormat(hash, out _, "x16", CultureInfo.InvariantCulture);
            writer.WriteString("fingerprint", hash);
            writer.WriteNumber("fingerprint_bytes", entry.Fingerprint.Length);
            writer.WriteNumber("offset", entry.Offset);
            writer.WriteNumber("size", entry.Size);
            writer.WriteBoolean("gzip", entry.Compressed);
            writer.WriteEndObject();
            if (writer.BytesPending >= FlushEvery)
            {
                writer.Flush();
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static List<PositionEntry> Parse(byte[] bytes)
    {
        using var document = JsonDocument.Parse(bytes);
        var root = document.RootElement;
        if (root.GetProperty("version").GetInt32() != 1)
        {
            throw new FormatException("unknown positions file version " + root.GetProperty("version").GetRawText());
        }

        var entries = new List<PositionEntry>();
        foreach (var file in root.GetProperty("files").EnumerateArray())
        {
            var fingerprint = new FileFingerprint(
                ulong.Parse(file.GetProperty("fingerprint").GetString()!, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                file.GetProperty("fingerprint_bytes").GetInt32());
            var offset = file.GetProperty("offset").GetInt64();
            if (offset < 0 || fingerprint.Length is < 0 or > FileFingerprint.MaxBytes)
            {
                throw new FormatException($"offset {offset} or fingerprint_bytes {fingerprint.Length} out of range");
            }

            entries.Add(new PositionEntry(
                file.GetProperty("path").GetString() ?? "",
                file.GetProperty("device").GetUInt64(),
                file.GetProperty("inode").GetUInt64(),
                fingerprint,
                offset,
                file.GetProperty("size").GetInt64(),
                file.GetProperty("gzip").GetBoolean()));
        }

        return entries;
    }

    private static void SyncDirectory(string directory)
    {
        var fd = Syscall.open(directory, OpenFlags.O_RDONLY);
        if (fd >= 0)
        {
            _ = Syscall.fsync(fd);
            _ = Syscall.close(fd);
        }
    }
}
