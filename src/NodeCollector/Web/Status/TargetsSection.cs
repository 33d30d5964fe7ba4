using System.Globalization;
using NodeCollector.Scrape;

namespace NodeCollector.Web.Status;

/// <summary>Every scrape pool's active targets with their latest scrape, as <c>/api/v1/targets</c> has them.</summary>
internal sealed class TargetsSection(IReadOnlyList<ScrapePool> pools, DateTimeOffset now) : IStatusSection
{
    public string Id => "targets";

    public string Title => "Targets";

    public void Render(HtmlBuilder html)
    {
        if (pools.Count == 0)
        {
            html.Empty("No scrape jobs are configured.");
            return;
        }

        html.TableStart("job", "endpoint", "health", "last scrape", "duration", "last error");
        foreach (var pool in pools)
        {
            var targets = pool.Targets;
            foreach (var target in targets.Active)
            {
                var health = target.Health;
                html.Row(
                    pool.Job.Name,
                    Config.Redaction.Url(target.Url.AbsoluteUri),
                    new Cell(health.State, health.State),
                    StatusFormat.Time(health.LastScrape, now),
                    health.LastScrape is null ? "" : StatusFormat.Duration(health.LastScrapeDuration),
                    new Cell(health.LastError, "error"));
            }

            if (targets.Active.Count == 0)
            {
                html.Row(pool.Job.Name, new Cell("no active targets", "empty"), "", "", "", "");
            }

            if (targets.Dropped.Count > 0)
            {
                html.Row(pool.Job.Name, new Cell(targets.Dropped.Count.ToString(CultureInfo.InvariantCulture) + " target(s) dropped by relabeling", "empty"), "", "", "", "");
            }
        }

        html.TableEnd();
    }
}
