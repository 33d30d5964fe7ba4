using HostMocks.Kubelet;
using HostMocks.Kubernetes;
using Microsoft.Extensions.Logging.Abstractions;
using NodeCollector.Config;
using NodeCollector.Labels;
using NodeCollector.Scrape;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Scrape;

/// <summary>Scrapes the fake kubelet over TLS verified against its generated k3s-style CA.</summary>
public sealed class KubeletScrapeTests : IAsyncLifetime
{
    private const string NodeName = "demo-node";
    private readonly string _dir = Directory.CreateTempSubdirectory("kubelet-scrape-").FullName;
    private readonly RecordingAppender _appender = new();
    private FakeKubelet _kubelet = null!;

    private string CaFile => Path.Combine(_dir, "server-ca.crt");

    private string TokenFile => Path.Combine(_dir, "token");

    public async Task InitializeAsync()
    {
        _kubelet = await FakeKubelet.StartAsync(NodeName, RepoPaths.Fixture("kubelet"), "token-1", CancellationToken.None);
        _kubelet.WriteCa(CaFile);
        await File.WriteAllTextAsync(TokenFile, "token-1\n", CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _kubelet.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [FixtureFact("kubelet/cadvisor.txt")]
    public async Task ScrapesCadvisorVerifiedAgainstTheCaWithGzipAndCountersThatAdvance()
    {
        var (loop, _) = Loop(new TlsOptions { CaFile = CaFile });
        await using (loop)
        {
            await loop.ScrapeOnceAsync(CancellationToken.None);
            var first = _appender.Last;
            Assert.True(first.Value("up", "job=kubelet", "metrics_path=/metrics/cadvisor", "node=" + NodeName) == 1, loop.Target.Health.LastError);
            Assert.True(first.Value("scrape_samples_scraped") > 1000);
            Assert.Equal(1, _kubelet.GzippedResponses);
            var cpu = first.Find("container_cpu_usage_seconds_total").First();
            Assert.NotNull(cpu.TimestampMs);

            await loop.ScrapeOnceAsync(CancellationToken.None);
            var again = _appender.Last.Find("container_cpu_usage_seconds_total", [.. cpu.Labels.ToArray().Select(l => $"{l.Name}={l.Value}")]).Single();
            Assert.Equal(cpu.Value + 1, again.Value, 6);
            Assert.Equal(cpu.TimestampMs + 1000, again.TimestampMs);
        }
    }

    [FixtureFact("kubelet/cadvisor.txt")]
    public async Task AServerNameInTheCertificateIsAccepted()
    {
        var (loop, _) = Loop(new TlsOptions { CaFile = CaFile, ServerName = NodeName });
        await using (loop)
        {
            await loop.ScrapeOnceAsync(CancellationToken.None);
            Assert.True(_appender.Last.Value("up") == 1, loop.Target.Health.LastError);
        }
    }

    [FixtureFact("kubelet/cadvisor.txt")]
    public async Task AWrongCaFailsTheScrapeAndSaysWhy()
    {
        using var other = FakeApiCertificates.Create(TimeProvider.System, "another-ca");
        var otherCa = Path.Combine(_dir, "other-ca.crt");
        await File.WriteAllTextAsync(otherCa, other.AuthorityPem, CancellationToken.None);
        var (loop, _) = Loop(new TlsOptions { CaFile = otherCa });
        await using (loop)
        {
            await loop.ScrapeOnceAsync(CancellationToken.None);
            Assert.Equal(0, _appender.Last.Value("up"));
            Assert.Contains("not signed by an authority in " + otherCa, loop.Target.Health.LastError, StringComparison.Ordinal);
            Assert.Equal(0, _kubelet.Requests);
        }
    }

    [FixtureFact("kubelet/cadvisor.txt")]
    public async Task AWrongServerNameFailsTheScrapeAndSaysWhy()
    {
        var (loop, _) = Loop(new TlsOptions { CaFile = CaFile, ServerName = "other-node" });
        await using (loop)
        {
            await loop.ScrapeOnceAsync(CancellationToken.None);
            Assert.Equal(0, _appender.Last.Value("up"));
            Assert.Contains("not valid for \"other-node\"", loop.Target.Health.LastError, StringComparison.Ordinal);
        }
    }

    [FixtureFact("kubelet/cadvisor.txt")]
    public async Task TheTokenFileIsReadAgainAfterRotation()
    {
        var (loop, _) = Loop(new TlsOptions { CaFile = CaFile });
        await using (loop)
        {
            await loop.ScrapeOnceAsync(CancellationToken.None);
            Assert.Equal(1, _appender.Last.Value("up"));

            _kubelet.Token = "token-2";
            await loop.ScrapeOnceAsync(CancellationToken.None);
            Assert.Equal(0, _appender.Last.Value("up"));
            Assert.Equal("server returned HTTP status 401 Unauthorized", loop.Target.Health.LastError);

            await File.WriteAllTextAsync(TokenFile, "token-2-rotated\n", CancellationToken.None);
            _kubelet.Token = "token-2-rotated";
            await loop.ScrapeOnceAsync(CancellationToken.None);
            Assert.Equal(1, _appender.Last.Value("up"));
        }
    }

    [FixtureFact("kubelet/cadvisor.txt")]
    public async Task AServingCertificateRotatedFromTheSameCaIsTrustedOnTheNextConnection()
    {
        var (loop, _) = Loop(new TlsOptions { CaFile = CaFile, ServerName = NodeName });
        await using (loop)
        {
            await loop.ScrapeOnceAsync(CancellationToken.None);
            Assert.Equal(1, _appender.Last.Value("up"));

            // The old connection answers once more and closes; every later scrape handshakes with the new certificate.
            _kubelet.RotateServingCertificate();
            for (var i = 0; i < 3; i++)
            {
                await loop.ScrapeOnceAsync(CancellationToken.None);
                Assert.True(_appender.Last.Value("up") == 1, loop.Target.Health.LastError);
            }

            Assert.Equal(1, _kubelet.CertificateRotations);
            Assert.InRange(_kubelet.ServedWithRotatedCertificate, 2, 3);
        }
    }

    [FixtureFact("kubelet/cadvisor.txt")]
    public async Task ABodyOverTheSizeLimitFailsTheScrape()
    {
        var (loop, _) = Loop(new TlsOptions { CaFile = CaFile }, job => job with { BodySizeLimit = 4096 });
        await using (loop)
        {
            await loop.ScrapeOnceAsync(CancellationToken.None);
            Assert.Equal(0, _appender.Last.Value("up"));
            Assert.Equal("body size limit exceeded (limit: 4096 bytes)", loop.Target.Health.LastError);
        }
    }

    private (ScrapeLoop Loop, HttpClient Client) Loop(TlsOptions tls, Func<ScrapeJob, ScrapeJob>? adjust = null)
    {
        var options = new KubeletOptions { Address = _kubelet.Address, BearerTokenFile = TokenFile, Tls = tls };
        var job = KubeletTargets.Job(options, new GlobalOptions());
        job = adjust?.Invoke(job) ?? job;
        var discovered = KubeletTargets.Discover(options, NodeName, null).Single();
        var target = TargetLabeler.TryBuild(job, discovered, new LabelSetBuilder(), out var reason)!;
        Assert.True(target is not null, reason);
        var client = ScrapeHttpClients.Create(tls, out var validator);
        var scraper = new OwningClient(new HttpScrapeClient(client, validator, target, ScrapeAuthorization.For(job.Http, NullLogger.Instance)), client);
        return (new ScrapeLoop(target, scraper, _appender, TimeProvider.System, NullLogger.Instance, TimeSpan.Zero), client);
    }

    private sealed class OwningClient(IScrapeClient inner, HttpClient client) : IScrapeClient
    {
        public Task<ScrapeResponse> FetchAsync(CancellationToken cancellationToken) => inner.FetchAsync(cancellationToken);

        public void Dispose()
        {
            inner.Dispose();
            client.Dispose();
        }
    }
}
