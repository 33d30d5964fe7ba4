using HostMocks.Prometheus;

namespace NodeCollector.TestSupport;

/// <summary>Debian's Prometheus for a test: a <see cref="RealPrometheus"/> in a temporary directory; missing, it skips the test locally and fails it under CI.</summary>
internal static class PrometheusServer
{
    public static Task<RealPrometheus> StartAsync() => RealPrometheus.StartAsync(ExternalTool.Require("prometheus", "prometheus"));
}
