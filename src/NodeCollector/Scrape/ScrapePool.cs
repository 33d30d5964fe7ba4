using Microsoft.Extensions.Logging;
using NodeCollector.Labels;
using NodeCollector.Metrics;
using NodeCollector.Tls;

namespace NodeCollector.Scrape;

/// <summary>
/// The targets of one job: relabels what discovery offers, keeps a scrape loop per active target (kept across
/// updates while the target is unchanged; stopped, with staleness markers, when it goes) and remembers the
/// dropped ones for the status API. Without an appender factory it only computes targets.
/// </summary>
internal sealed class ScrapePool : IAsyncDisposable
{
    private readonly IMetricAppenderFactory? _appenders;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ulong _seed;
    private readonly HttpClient _http;
    private readonly ServerCertificateValidator _validator;
    private readonly Func<ScrapeTarget, IScrapeClient> _clients;
    private readonly InvalidTargetWarnings _invalid;
    private readonly SemaphoreSlim _sync = new(1, 1);
    private readonly Dictionary<string, ScrapeLoop> _loops = new(StringComparer.Ordinal);
    private TargetSnapshot _snapshot = new([], []);

    /// <param name="clients">How a target is fetched; null for HTTP(S) with the job's settings.</param>
    public ScrapePool(ScrapeJob job, IMetricAppenderFactory? appenders, TimeProvider time, ILogger logger, ulong seed, Func<ScrapeTarget, IScrapeClient>? clients = null)
    {
        Job = job;
        _appenders = appenders;
        _time = time;
        _logger = logger;
        _seed = seed;
        _invalid = new InvalidTargetWarnings(job.Name, logger, time);
        _http = ScrapeHttpClients.Create(job.Http.Tls, out _validator);
        var authorization = ScrapeAuthorization.For(job.Http, logger);
        _clients = clients ?? (target => new HttpScrapeClient(_http, _validator, target, authorization));
    }

    public ScrapeJob Job { get; }

    /// <summary>Active and dropped targets as of the latest sync (replaced as a whole).</summary>
    public TargetSnapshot Targets => Volatile.Read(ref _snapshot);

    public async Task SyncAsync(IReadOnlyList<LabelSet> discovered, CancellationToken cancellationToken)
    {
        await _sync.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var builder = new LabelSetBuilder();
            var active = new Dictionary<string, ScrapeTarget>(StringComparer.Ordinal);
            var dropped = new List<LabelSet>();
            foreach (var labels in discovered)
            {
                var target = TargetLabeler.TryBuild(Job, labels, builder, out var preRelabel, out var reason);
                if (target is null)
                {
                    if (reason.Length > 0)
                    {
                        _invalid.Report(labels.ToString(), reason);
                    }

                    dropped.Add(preRelabel);
                }
                else if (_loops.TryGetValue(target.Key, out var running))
                {
                    active.TryAdd(target.Key, running.Target);
                }
                else
                {
                    active.TryAdd(target.Key, target);
                }
            }

            _invalid.EndSync();
            foreach (var key in _loops.Keys.Where(k => !active.ContainsKey(k)).ToList())
            {
                await _loops[key].DisposeAsync().ConfigureAwait(false);
                _loops.Remove(key);
            }

            if (_appenders is not null)
            {
                foreach (var (key, target) in active)
                {
                    if (!_loops.ContainsKey(key))
                    {
                        var client = _clients(target);
                        var loop = new ScrapeLoop(target, client, _appenders.Create(), _time, _logger, ScrapeOffset.Of(target.Hash, _seed, target.Interval));
                        _loops.Add(key, loop);
                        loop.Start();
                    }
                }
            }

            var snapshot = new TargetSnapshot([.. active.Values], dropped);
            if (snapshot.Active.Count != _snapshot.Active.Count || snapshot.Dropped.Count != _snapshot.Dropped.Count)
            {
                Log.TargetsUpdated(_logger, Job.Name, snapshot.Active.Count, snapshot.Dropped.Count);
            }

            Volatile.Write(ref _snapshot, snapshot);
        }
        finally
        {
            _sync.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _sync.WaitAsync().ConfigureAwait(false);
        foreach (var loop in _loops.Values)
        {
            await loop.DisposeAsync().ConfigureAwait(false);
        }

        _loops.Clear();
        _http.Dispose();
        _sync.Release();
        _sync.Dispose();
    }
}
