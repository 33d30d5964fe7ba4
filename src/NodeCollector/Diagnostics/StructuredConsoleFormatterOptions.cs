using Microsoft.Extensions.Logging.Console;

namespace NodeCollector.Diagnostics;

internal sealed class StructuredConsoleFormatterOptions : ConsoleFormatterOptions
{
    public LogFormat Format { get; set; } = LogFormat.Logfmt;
}
