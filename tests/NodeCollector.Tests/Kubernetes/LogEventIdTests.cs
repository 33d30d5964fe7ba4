using System.Reflection;
using Microsoft.Extensions.Logging;
using NodeCollector.Kubernetes;

namespace NodeCollector.Tests.Kubernetes;

public sealed class LogEventIdTests
{
    [Fact]
    public void Event_ids_are_unique_and_in_the_kubernetes_range()
    {
        var ids = typeof(KubernetesDiscovery).Assembly.GetType("NodeCollector.Kubernetes.Log")!
            .GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>())
            .Where(a => a is not null)
            .Select(a => a!.EventId)
            .ToList();

        Assert.NotEmpty(ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.InRange(id, 4000, 4999));
    }
}
