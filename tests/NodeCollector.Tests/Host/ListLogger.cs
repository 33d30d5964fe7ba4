using Microsoft.Extensions.Logging;

namespace NodeCollector.Tests.Host;

/// <summary>A logger that keeps its events, to assert what was logged and how often.</summary>
internal sealed class ListLogger : ILogger
{
    private readonly List<(int EventId, string Message)> _events = [];

    public IReadOnlyList<(int EventId, string Message)> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_events)
        {
            _events.Add((eventId.Id, formatter(state, exception)));
        }
    }
}
