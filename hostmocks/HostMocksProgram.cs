namespace HostMocks;

internal static class HostMocksProgram
{
    public static int Main() => 0;
}
