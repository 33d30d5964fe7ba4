using System.Runtime.InteropServices;

namespace HostMocks.Demo;

/// <summary>With <c>--no-collector</c> no host handles Ctrl+C and SIGTERM: this waits for either.</summary>
internal static class ExternalCollectorWait
{
    public static async Task UntilStoppedAsync()
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopped.TrySetResult();
        }

        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        await stopped.Task.ConfigureAwait(false);
    }
}
