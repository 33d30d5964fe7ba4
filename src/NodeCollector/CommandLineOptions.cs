using Microsoft.Extensions.Logging;
using NodeCollector.Diagnostics;

namespace NodeCollector;

/// <summary>The collector's command line: <c>--config</c>, <c>--check-config</c>, <c>--log.level</c>, <c>--log.format</c>.</summary>
internal sealed record CommandLineOptions
{
    public const string DefaultConfigPath = "/etc/nodecollector/config.yaml";

    public const string Usage = """
        usage: nodecollector [--config PATH] [--check-config] [--log.level LEVEL] [--log.format FORMAT]

          --config PATH        configuration file (default /etc/nodecollector/config.yaml)
          --check-config       validate the configuration, print every problem, and exit
          --log.level LEVEL    debug, info, warn or error (default info)
          --log.format FORMAT  text (logfmt) or json (default text)
          --version            print the version and exit
          --help               print this help and exit

        """;

    public string ConfigPath { get; init; } = DefaultConfigPath;

    public bool CheckConfig { get; init; }

    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    public LogFormat LogFormat { get; init; } = LogFormat.Logfmt;

    public bool ShowVersion { get; init; }

    public bool ShowHelp { get; init; }

    /// <summary>Parses <c>--flag value</c> and <c>--flag=value</c> forms; returns null with an error for anything else.</summary>
    public static CommandLineOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var options = new CommandLineOptions();
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? arg[..equals] : arg;
            string? inline = equals > 0 ? arg[(equals + 1)..] : null;
            string? Value()
            {
                if (inline is not null)
                {
                    return inline;
                }

                return i + 1 < args.Count ? args[++i] : null;
            }

            switch (name)
            {
                case "--config" or "--config.file":
                    options = Value() is { Length: > 0 } path ? options with { ConfigPath = path } : Fail($"{name} needs a path", out error);
                    break;
                case "--check-config":
                    options = options with { CheckConfig = true };
                    break;
                case "--log.level":
                    options = ParseLevel(Value()) is { } level ? options with { LogLevel = level } : Fail("--log.level must be debug, info, warn or error", out error);
                    break;
                case "--log.format":
                    options = Value() switch
                    {
                        "text" or "logfmt" => options with { LogFormat = LogFormat.Logfmt },
                        "json" => options with { LogFormat = LogFormat.Json },
                        _ => Fail("--log.format must be text or json", out error),
                    };
                    break;
                case "--version":
                    options = options with { ShowVersion = true };
                    break;
                case "--help" or "-h":
                    options = options with { ShowHelp = true };
                    break;
                default:
                    error = $"unknown argument \"{arg}\"";
                    return null;
            }

            if (error is not null)
            {
                return null;
            }
        }

        return options;
    }

    private static LogLevel? ParseLevel(string? value) => value switch
    {
        "debug" => LogLevel.Debug,
        "info" => LogLevel.Information,
        "warn" => LogLevel.Warning,
        "error" => LogLevel.Error,
        _ => null,
    };

    private static CommandLineOptions Fail(string message, out string? error)
    {
        error = message;
        return new CommandLineOptions();
    }
}
