namespace NodeCollector.Metrics;

/// <summary>Prometheus' staleness marker: a NaN with a fixed bit pattern that remote-write receivers recognise.</summary>
internal static class StaleMarker
{
    public const ulong Bits = 0x7ff0000000000002UL;

    public static readonly double Value = BitConverter.UInt64BitsToDouble(Bits);

    public static bool IsStale(double value) => BitConverter.DoubleToUInt64Bits(value) == Bits;
}
