using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using NodeCollector.Config;
using NodeCollector.Export.Loki;
using NodeCollector.Export.RemoteWrite;
using NodeCollector.Kubernetes;
using NodeCollector.Logs;
using NodeCollector.Memory;
using NodeCollector.Metrics;
using NodeCollector.Scrape;

namespace NodeCollector.Web.Status;

/// <summary>
/// <c>GET /</c>: what this collector sees and does, server-rendered HTML with inline CSS and no script, so it works
/// with JavaScript off. Each section takes its model from one source at request time.
/// </summary>
internal sealed class StatusPage(CollectorConfig config, TimeProvider time, IServiceProvider services)
{
    private const string Style = """
        body{font:14px/1.4 system-ui,sans-serif;margin:0 1.5rem 2rem;color:#1d2330}
        header{display:flex;flex-wrap:wrap;align-items:baseline;gap:1rem;border-bottom:1px solid #d5d9e0;padding:.6rem 0}
        header h1{font-size:1.3rem;margin:0}nav a{margin-right:.8rem}
        h2{font-size:1.1rem;margin:1.6rem 0 .5rem}h3{font-size:.95rem;margin:1rem 0 .4rem}
        table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #e5e8ee;vertical-align:top}
        th{background:#f3f5f8;font-weight:600}td.labels{font-size:12px;color:#4a5263;word-break:break-all}
        td.up{color:#13795b;font-weight:600}td.down{color:#b42318;font-weight:600}td.unknown{color:#8a6d00}
        td.error{color:#b42318}.empty,.note{color:#5c6475}
        dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}dt{color:#5c6475}dd{margin:0}
        pre{background:#f6f8fa;border:1px solid #e5e8ee;padding:.8rem;overflow:auto;font-size:12px}
        """;

    private static readonly (string Href, string Text)[] Links =
    [
        ("metrics", "/metrics"), ("-/healthy", "/-/healthy"), ("-/ready", "/-/ready"),
        ("api/v1/targets", "/api/v1/targets"), ("api/v1/status/remote_write", "/api/v1/status/remote_write"), ("jobs", "/jobs"),
    ];

    public async Task WriteAsync(HttpContext context)
    {
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync(Render(), context.RequestAborted).ConfigureAwait(false);
    }

    public string Render()
    {
        var sections = Sections();
        var html = new HtmlBuilder();
        html.Markup("<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><link rel=\"icon\" href=\"data:,\">")
            .Element("title", "NodeCollector " + config.Node.Name)
            .Markup("<style>").Markup(Style).Markup("</style></head>\n<body>\n<header>")
            .Element("h1", "NodeCollector " + BuildInfo.Current.Version)
            .Markup("<nav>");
        foreach (var section in sections)
        {
            html.Link("#" + section.Id, section.Title);
        }

        html.Markup("</nav><nav>");
        foreach (var (href, text) in Links)
        {
            html.Link(href, text);
        }

        html.Markup("</nav></header>\n");
        foreach (var section in sections)
        {
            html.Markup("<section id=\"").Text(section.Id).Markup("\">").Element("h2", section.Title);
            section.Render(html);
            html.Markup("</section>\n");
        }

        return html.Markup("</body>\n</html>\n").ToString();
    }

    private List<IStatusSection> Sections()
    {
        var now = time.GetUtcNow();
        var snapshot = services.GetService<KubernetesDiscovery>()?.Snapshot;
        return
        [
            new NodeSection(config.Node.Name, snapshot),
            new PodsSection(snapshot),
            new TargetsSection(services.GetService<ScrapeService>()?.Pools ?? [], now),
            new FilesSection(services.GetService<LogsService>(), config.Logs.PodsDir, now),
            new RemoteWriteSection(services.GetService<RemoteWriteService>(), now),
            new LokiSection(services.GetService<LokiService>(), config.Loki.Url),
            new MemorySection(services.GetService<MemoryBudgetService>()?.Budget),
            new ConfigSection(config),
        ];
    }
}
