using HostMocks.Demo;

namespace HostMocks;

/// <summary><c>hostmocks demo</c> runs the collector on the demo node; <c>hostmocks soak</c> runs it there under faults and reconciles.</summary>
internal static class HostMocksProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args is [] or ["demo", ..])
        {
            return await DemoRunner.RunAsync(args.Length == 0 ? [] : args[1..], Console.Out, Console.Error).ConfigureAwait(false);
        }

        if (args[0] == "soak")
        {
            return await Soak.SoakRunner.RunAsync(args[1..], Console.Out, Console.Error).ConfigureAwait(false);
        }

        await Console.Error.WriteAsync($"hostmocks: unknown command \"{args[0]}\"\n\n{DemoRunner.Usage}").ConfigureAwait(false);
        return 2;
    }
}
