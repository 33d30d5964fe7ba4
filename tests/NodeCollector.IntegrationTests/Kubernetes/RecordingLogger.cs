using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace NodeCollector.IntegrationTests.Kubernetes;

/// <summary>Keeps every log event (id, level, text) so tests can check that a recovery was logged.</summary>
internal sealed class RecordingLogger : ILogger
{
    public ConcurrentQueue<(int Id, LogLevel Level, string Message)> Events { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Events.Enqueue((eventId.Id, logLevel, formatter(state, exception)));

    public int Count(int eventId) => Events.Count(e => e.Id == eventId);

    public string Dump() => string.Join("\n", Events.Select(e => $"{e.Id} {e.Level} {e.Message}"));
}
