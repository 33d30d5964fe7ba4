using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;

namespace NodeCollector.Export.RemoteWrite.Wal;

/// <summary>
/// The on-disk layout. A segment file (<c>00000042</c>) starts with an 8-byte magic, then records:
/// <c>u32 payload length, u32 CRC-32C of the payload</c> (little-endian) and the payload. A commit payload is
/// <c>type=1, varint sample count, varint append time (Unix ms), varint series count, series definitions
/// (varint ref, varint label count, then length-prefixed UTF-8 name and value per label), zig-zag varint base
/// timestamp, samples (varint ref, zig-zag varint timestamp − base, 8-byte little-endian double)</c>.
/// Every segment defines each series it uses before its first sample, so any segment can be read on its own
/// and whole segments can be deleted without a checkpoint.
/// </summary>
internal static class WalFormat
{
    public const int HeaderSize = 8;
    public const byte CommitRecord = 1;

    /// <summary>Larger lengths are taken as corruption, not as a record.</summary>
    public const int MaxPayloadSize = 256 << 20;

    public static ReadOnlySpan<byte> Magic => "NCWAL01\n"u8;

    public static int MagicSize => Magic.Length;

    public static string SegmentName(int index) => index.ToString("D8", CultureInfo.InvariantCulture);

    public static bool TryParseSegmentName(string name, out int index)
    {
        index = 0;
        return name.Length == 8 && int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out index);
    }

    public static void WriteHeader(Span<byte> header, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], Crc32C(payload));
    }

    public static (int Length, uint Crc) ReadHeader(ReadOnlySpan<byte> header) =>
        ((int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(header), int.MaxValue), BinaryPrimitives.ReadUInt32LittleEndian(header[4..]));

    /// <summary>CRC-32C (Castagnoli), with the hardware instruction where the CPU has one.</summary>
    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }

    /// <summary>Reads the sample count and append time at the start of a commit payload.</summary>
    public static bool TryReadCommitSummary(ReadOnlySpan<byte> payload, out int samples, out long appendTimeMs)
    {
        samples = 0;
        appendTimeMs = 0;
        if (payload.IsEmpty || payload[0] != CommitRecord)
        {
            return false;
        }

        var at = 1;
        var used = ProtoWire.ReadVarint(payload[at..], out var count);
        if (used == 0 || count > int.MaxValue)
        {
            return false;
        }

        at += used;
        used = ProtoWire.ReadVarint(payload[at..], out var time);
        if (used == 0)
        {
            return false;
        }

        samples = (int)count;
        appendTimeMs = (long)time;
        return true;
    }
}
