using Microsoft.Extensions.Logging;
using NodeCollector.Config;
using NodeCollector.Diagnostics;

namespace NodeCollector.IntegrationTests.Web;

/// <summary>The collector started in-process from a YAML config (which must listen on 127.0.0.1:0), with a client for its server.</summary>
internal sealed class InProcessCollector : IAsyncDisposable
{
    private InProcessCollector(CollectorApp app)
    {
        App = app;
        Http = new HttpClient { BaseAddress = new Uri(app.Addresses[0]) };
    }

    public CollectorApp App { get; }

    public HttpClient Http { get; }

    public static async Task<InProcessCollector> StartAsync(string yaml)
    {
        var loaded = ConfigLoader.Load(yaml, "test.yaml", _ => null);
        Assert.True(loaded.Config is not null, string.Join("\n", loaded.Problems));
        var app = CollectorApp.Create(loaded.Config, LogLevel.Warning, LogFormat.Logfmt);
        await app.StartAsync(CancellationToken.None);
        return new InProcessCollector(app);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
    }
}
