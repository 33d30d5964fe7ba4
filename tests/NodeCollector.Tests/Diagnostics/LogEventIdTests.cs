using System.Reflection;
using Microsoft.Extensions.Logging;

namespace NodeCollector.Tests.Diagnostics;

public class LogEventIdTests
{
    [Fact]
    public void Every_log_event_has_its_own_id()
    {
        var events = typeof(CollectorApp).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(e => e.Attribute is not null)
            .ToList();

        Assert.NotEmpty(events);
        var duplicates = events
            .GroupBy(e => e.Attribute!.EventId)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Method.DeclaringType!.FullName + "." + e.Method.Name))}")
            .ToList();
        Assert.Empty(duplicates);
    }
}
