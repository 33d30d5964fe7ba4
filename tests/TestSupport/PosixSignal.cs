using System.Runtime.InteropServices;

namespace NodeCollector.TestSupport;

/// <summary>Sends a signal to a process (SIGTERM for graceful-shutdown tests; Process.Kill only sends SIGKILL).</summary>
internal static partial class PosixSignal
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    public static void Send(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
