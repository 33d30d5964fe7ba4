using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodeCollector.Config;
using NodeCollector.Kubernetes;
using NodeCollector.Labels;
using NodeCollector.Metrics;

namespace NodeCollector.Scrape;

/// <summary>
/// Runs the scrape pools: the in-process host and self targets, the kubelet job (when <c>kubelet.enabled</c>) and
/// every <c>scrape_configs</c> job, resynced whenever the node's pod snapshot changes. Scrape loops only run when an
/// <see cref="IMetricAppenderFactory"/> is registered; targets are computed (for the status API) regardless.
/// Stopping ends every loop, which writes staleness markers for its series.
/// </summary>
internal sealed class ScrapeService : BackgroundService
{
    private readonly CollectorConfig _config;
    private readonly KubernetesDiscovery? _discovery;
    private readonly List<ScrapePool> _inProcess = [];
    private readonly ScrapePool? _kubelet;
    private readonly List<(ScrapeConfig Config, ScrapePool Pool)> _jobs = [];
    private readonly SemaphoreSlim _changed = new(0, 1);

    public ScrapeService(CollectorConfig config, IServiceProvider services)
    {
        _config = config;
        _discovery = services.GetService<KubernetesDiscovery>();
        var appenders = services.GetService<IMetricAppenderFactory>();
        var time = services.GetRequiredService<TimeProvider>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("NodeCollector.Scrape");
        var seed = LabelSet.From([new Label("node", config.Node.Name)]).StableHash;
        var sources = services.GetServices<IMetricSource>().ToList();
        var host = sources.OfType<Host.HostMetricSource>().ToList<IMetricSource>();
        if (config.HostMetrics.Enabled && host.Count > 0)
        {
            var job = InProcessTargets.HostJob(config.HostMetrics, config.Global);
            _inProcess.Add(new ScrapePool(job, appenders, time, logger, seed, InProcessTargets.HostClients(host)));
        }

        if (config.SelfMetrics.Enabled)
        {
            var own = sources.Where(s => s is not Host.HostMetricSource).ToList();
            var job = InProcessTargets.SelfJob(config.SelfMetrics, config.Global);
            _inProcess.Add(new ScrapePool(job, appenders, time, logger, seed, InProcessTargets.SelfClients(own)));
        }

        if (config.Kubelet.Enabled && (config.Kubelet.Address.Length > 0 || _discovery is not null))
        {
            _kubelet = new ScrapePool(KubeletTargets.Job(config.Kubelet, config.Global), appenders, time, logger, seed);
        }

        foreach (var job in config.ScrapeConfigs)
        {
            _jobs.Add((job, new ScrapePool(ScrapeJob.From(job, config.Global), appenders, time, logger, seed)));
        }
    }

    /// <summary>Every pool: host, self, kubelet, then the scrape configs in configuration order.</summary>
    public IReadOnlyList<ScrapePool> Pools => _kubelet is null
        ? [.. _inProcess, .. _jobs.Select(j => j.Pool)]
        : [.. _inProcess, _kubelet, .. _jobs.Select(j => j.Pool)];

    /// <summary>Recomputes every pool's targets from the current snapshot (also what a snapshot change triggers).</summary>
    public async Task SyncAsync(CancellationToken cancellationToken)
    {
        var snapshot = _discovery?.Snapshot;
        foreach (var pool in _inProcess)
        {
            await pool.SyncAsync(InProcessTargets.Discover(_config.Node.Name), cancellationToken).ConfigureAwait(false);
        }

        if (_kubelet is not null)
        {
            await _kubelet.SyncAsync(KubeletTargets.Discover(_config.Kubelet, _config.Node.Name, snapshot?.Node), cancellationToken).ConfigureAwait(false);
        }

        foreach (var (config, pool) in _jobs)
        {
            await pool.SyncAsync(ScrapeTargetSets.For(config, snapshot), cancellationToken).ConfigureAwait(false);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        foreach (var pool in Pools)
        {
            await pool.DisposeAsync().ConfigureAwait(false);
        }
    }

    public override void Dispose()
    {
        _changed.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = _discovery?.Subscribe(_ => Signal());
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await SyncAsync(stoppingToken).ConfigureAwait(false);
                await _changed.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private void Signal()
    {
        try
        {
            if (_changed.CurrentCount == 0)
            {
                _changed.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // A resync is already pending; it will see this change too.
        }
    }
}
