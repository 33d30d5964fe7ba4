using Microsoft.Extensions.Logging;
using NodeCollector.Diagnostics;

namespace NodeCollector.Tests;

public class CommandLineOptionsTests
{
    [Fact]
    public void Defaults_when_no_arguments()
    {
        var options = CommandLineOptions.Parse([], out var error)!;

        Assert.Null(error);
        Assert.Equal(CommandLineOptions.DefaultConfigPath, options.ConfigPath);
        Assert.Equal(LogLevel.Information, options.LogLevel);
        Assert.Equal(LogFormat.Logfmt, options.LogFormat);
        Assert.False(options.CheckConfig);
    }

    [Fact]
    public void Both_flag_forms_are_accepted()
    {
        var options = CommandLineOptions.Parse(["--config", "/etc/a.yaml", "--log.level=debug", "--log.format", "json", "--check-config"], out _)!;

        Assert.Equal("/etc/a.yaml", options.ConfigPath);
        Assert.Equal(LogLevel.Debug, options.LogLevel);
        Assert.Equal(LogFormat.Json, options.LogFormat);
        Assert.True(options.CheckConfig);
    }

    [Theory]
    [InlineData("--log.level=loud", "--log.level must be debug, info, warn or error")]
    [InlineData("--log.format=xml", "--log.format must be text or json")]
    [InlineData("--config", "--config needs a path")]
    [InlineData("--bogus", "unknown argument \"--bogus\"")]
    public void Bad_arguments_say_what_is_wrong(string argument, string expected)
    {
        Assert.Null(CommandLineOptions.Parse([argument], out var error));
        Assert.Equal(expected, error);
    }
}
