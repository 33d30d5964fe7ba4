using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using NodeCollector.Config;
using NodeCollector.Diagnostics;
using NodeCollector.Export.Loki;
using NodeCollector.Export.RemoteWrite;
using NodeCollector.Host;
using NodeCollector.Kubernetes;
using NodeCollector.Logs;
using NodeCollector.Memory;
using NodeCollector.Metrics;
using NodeCollector.Scrape;
using NodeCollector.Web;
using NodeCollector.Web.Status;

namespace NodeCollector;

/// <summary>
/// The collector as one process: the HTTP server, the metric sources and, in later stages, the pipelines.
/// Start and stop follow the generic host: SIGTERM stops sources first, then exporters flush within
/// <see cref="ShutdownDeadline"/>, and the process exits 0.
/// </summary>
internal sealed class CollectorApp : IAsyncDisposable
{
    /// <summary>How long exporters get to flush on shutdown; a Kubernetes pod gets 30 s by default.</summary>
    public static readonly TimeSpan ShutdownDeadline = TimeSpan.FromSeconds(4);

    private readonly WebApplication _app;

    private CollectorApp(WebApplication app)
    {
        _app = app;
    }

    public IServiceProvider Services => _app.Services;

    /// <summary>The addresses the server listens on, with the real port when the config asked for port 0.</summary>
    public IReadOnlyList<string> Addresses =>
        [.. _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? []];

    public static CollectorApp Create(CollectorConfig config, LogLevel logLevel, LogFormat logFormat)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        ConfigureLogging(builder.Logging, logLevel, logFormat);
        if (!ListenEndpoint.TryParse(config.Server.ListenAddress, out var endpoint, out var error))
        {
            throw new ArgumentException("server.listen_address: " + error, nameof(config));
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            RequestLimits.Apply(kestrel.Limits, config.Server);
            kestrel.Listen(endpoint!);
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownDeadline);

        var services = builder.Services;
        services.AddSingleton(config);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<Readiness>();
        services.AddSingleton<IMetricSource>(_ => new MeterMetricSource());
        services.AddSingleton<IMetricSource>(_ => new ProcessMetricSource());
        if (config.HostMetrics.Enabled)
        {
            services.AddSingleton<IMetricSource>(s => HostMetricSourceFactory.Create(
                config, s.GetRequiredService<TimeProvider>(), s.GetRequiredService<ILoggerFactory>()));
        }

        services.AddSingleton<MetricsEndpoint>();
        KubernetesServices.Add(services, config);
        // Remote write first: hosted services start in order (scrape loops take appenders from its open WAL)
        // and stop in reverse (scrapes stop before the WAL closes).
        if (config.RemoteWrite.Count > 0)
        {
            services.AddSingleton<RemoteWriteService>();
            services.AddSingleton<IMetricAppenderFactory>(sp => sp.GetRequiredService<RemoteWriteService>());
            services.AddHostedService(sp => sp.GetRequiredService<RemoteWriteService>());
        }

        // Loki before the log tailers: it starts first and stops last, sending what they handed it.
        if (config.Loki.Url.Length > 0)
        {
            services.AddSingleton<LokiService>();
            services.AddSingleton<ILogSink>(sp => sp.GetRequiredService<LokiService>());
            services.AddHostedService(sp => sp.GetRequiredService<LokiService>());
        }

        services.AddSingleton<ScrapeService>();
        services.AddHostedService(s => s.GetRequiredService<ScrapeService>());
        services.AddSingleton<TargetStatusEndpoints>();
        services.AddSingleton<StatusPage>();
        LogsServices.Add(services, config);
        MemoryBudgetService.Add(services);

        var app = builder.Build();
        app.Use(RequestLimits.RejectOversizedBody(config.Server.MaxRequestBody));
        var endpoints = app.Services.GetRequiredService<MetricsEndpoint>();
        var readiness = app.Services.GetRequiredService<Readiness>();
        KubernetesServices.RegisterReadiness(app.Services, readiness);
        app.MapGet("/metrics", endpoints.WriteAsync);
        app.MapGet("/-/healthy", HealthEndpoints.HealthyAsync);
        app.MapGet("/-/ready", context => HealthEndpoints.ReadyAsync(context, readiness));
        app.MapGet("/", app.Services.GetRequiredService<StatusPage>().WriteAsync);
        app.MapGet("/api/v1/status/remote_write", RemoteWriteStatus.WriteAsync);
        var targets = app.Services.GetRequiredService<TargetStatusEndpoints>();
        app.MapGet("/api/v1/targets", targets.TargetsAsync);
        app.MapGet("/jobs", targets.JobsAsync);
        app.MapGet("/jobs/{job}/targets", (HttpContext context, string job) => targets.JobTargetsAsync(context, job));
        LogLifecycle(app, config);
        return new CollectorApp(app);
    }

    public Task StartAsync(CancellationToken cancellationToken) => _app.StartAsync(cancellationToken);

    /// <summary>Runs until SIGTERM, SIGINT or <paramref name="cancellationToken"/>, then stops gracefully.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => _app.RunAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => _app.StopAsync(cancellationToken);

    /// <summary>After <see cref="StartAsync"/>: waits for SIGTERM, SIGINT or a stop request, then stops gracefully.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    // The console formatter's options may also be bound from IConfiguration by reflection, which trimming could
    // break; the options are set in code here, and their public properties are kept for the binder anyway.
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Options set in code; their properties are kept by DynamicDependency.")]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(StructuredConsoleFormatterOptions))]
    private static void ConfigureLogging(ILoggingBuilder logging, LogLevel level, LogFormat format)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(level);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddConsole(o =>
        {
            o.FormatterName = StructuredConsoleFormatter.FormatterName;
            o.LogToStandardErrorThreshold = LogLevel.Trace;
        });
        logging.AddConsoleFormatter<StructuredConsoleFormatter, StructuredConsoleFormatterOptions>(o => o.Format = format);
    }

    private static void LogLifecycle(WebApplication app, CollectorConfig config)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("NodeCollector.Main");
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        var readiness = app.Services.GetRequiredService<Readiness>();
        Log.Starting(logger, BuildInfo.Current.Version, config.Node.Name);
        var exposures = new ConfigProblems("config");
        ExposureWarnings.Collect(config, exposures);
        foreach (var warning in exposures.All)
        {
            Log.ExposingSetting(logger, warning.KeyPath, warning.Message);
        }

        lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var address in app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
            {
                Log.Listening(logger, address);
            }

            if (readiness.IsReady)
            {
                Log.Ready(logger);
            }
        });
        lifetime.ApplicationStopping.Register(() => Log.Stopping(logger, PromDuration.Format(ShutdownDeadline)));
        lifetime.ApplicationStopped.Register(() => Log.Stopped(logger));
    }
}
