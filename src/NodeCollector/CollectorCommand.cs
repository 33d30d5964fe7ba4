using NodeCollector.Config;
using NodeCollector.Metrics;

namespace NodeCollector;

/// <summary>What <c>nodecollector</c> does with its arguments; separate from <see cref="Program"/> so tests can run it in-process.</summary>
internal static class CollectorCommand
{
    public const int ExitOk = 0;
    public const int ExitConfigInvalid = 1;
    public const int ExitUsage = 2;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr,
        Func<string, string?> environment, CancellationToken cancellationToken)
    {
        var options = CommandLineOptions.Parse(args, out var error);
        if (options is null)
        {
            await stderr.WriteAsync($"nodecollector: {error}\n\n{CommandLineOptions.Usage}").ConfigureAwait(false);
            return ExitUsage;
        }

        if (options.ShowHelp)
        {
            await stdout.WriteAsync(CommandLineOptions.Usage).ConfigureAwait(false);
            return ExitOk;
        }

        if (options.ShowVersion)
        {
            await stdout.WriteAsync($"nodecollector {BuildInfo.Current.Version} (revision {BuildInfo.Current.Revision})\n").ConfigureAwait(false);
            return ExitOk;
        }

        var loaded = ConfigLoader.LoadFile(options.ConfigPath, environment);
        if (loaded.Config is null)
        {
            var noun = loaded.Problems.Count == 1 ? "problem" : "problems";
            await stderr.WriteAsync($"{options.ConfigPath}: {loaded.Problems.Count} {noun}:\n").ConfigureAwait(false);
            foreach (var problem in loaded.Problems)
            {
                await stderr.WriteAsync($"  {problem}\n").ConfigureAwait(false);
            }

            return ExitConfigInvalid;
        }

        if (options.CheckConfig)
        {
            // At run time the collector logs the same warnings as structured events.
            foreach (var warning in loaded.Warnings)
            {
                await stderr.WriteAsync($"warning: {warning}\n").ConfigureAwait(false);
            }

            await stdout.WriteAsync($"{options.ConfigPath}: configuration is valid\n").ConfigureAwait(false);
            return ExitOk;
        }

        await using var app = CollectorApp.Create(loaded.Config, options.LogLevel, options.LogFormat);
        await app.RunAsync(cancellationToken).ConfigureAwait(false);
        return ExitOk;
    }
}
