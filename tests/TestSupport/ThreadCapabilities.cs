using System.Runtime.InteropServices;

namespace NodeCollector.TestSupport;

/// <summary>
/// Lets a test running as root see permission errors: drops CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the
/// calling thread's effective capabilities (Linux capabilities are per thread), so mode bits apply to it. Run it on
/// a thread of the test's own that ends afterwards.
/// </summary>
internal static partial class ThreadCapabilities
{
    private const uint Version3 = 0x20080522;
    private const int DacOverride = 1;
    private const int DacReadSearch = 2;

    public static bool IsRoot => Environment.UserName == "root" || Mono.Unix.Native.Syscall.geteuid() == 0;

    public static unsafe void DropFileAccessOverrides()
    {
        var header = new Header { Version = Version3, Pid = 0 };
        var data = stackalloc Data[2];
        if (CapGet(&header, data) != 0)
        {
            throw new InvalidOperationException("capget failed: " + Marshal.GetLastPInvokeError());
        }

        data[0].Effective &= ~((1u << DacOverride) | (1u << DacReadSearch));
        if (CapSet(&header, data) != 0)
        {
            throw new InvalidOperationException("capset failed: " + Marshal.GetLastPInvokeError());
        }
    }

    [LibraryImport("libc", EntryPoint = "capget", SetLastError = true)]
    private static unsafe partial int CapGet(Header* header, Data* data);

    [LibraryImport("libc", EntryPoint = "capset", SetLastError = true)]
    private static unsafe partial int CapSet(Header* header, Data* data);

    [StructLayout(LayoutKind.Sequential)]
    private struct Header
    {
        public uint Version;
        public int Pid;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Data
    {
        public uint Effective;
        public uint Permitted;
        public uint Inheritable;
    }
}
