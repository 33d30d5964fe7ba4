using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using NodeCollector.Labels;
using NodeCollector.Scrape;

namespace NodeCollector.Web;

/// <summary>
/// Target status as JSON: <c>/api/v1/targets</c> in the shape of Prometheus' API (active targets with labels before
/// and after relabeling, health, last error, last scrape and duration; dropped targets), and the OpenTelemetry
/// target allocator's <c>/jobs</c>, <c>/jobs/{job}/targets</c> and <c>?collector_id=</c>, so that a central
/// collector can take this node's targets over HTTP SD. The allocator serves discovered labels, as it does, and only
/// targets reachable over HTTP (not the in-process host and self targets).
/// </summary>
internal sealed class TargetStatusEndpoints(ScrapeService scrape, Config.CollectorConfig config)
{
    private string CollectorId => config.Node.Name.Length > 0 ? config.Node.Name : "nodecollector";

    public async Task TargetsAsync(HttpContext context)
    {
        await WriteAsync(context, json =>
        {
            json.WriteStartObject();
            json.WriteString("status", "success");
            json.WriteStartObject("data");
            json.WriteStartArray("activeTargets");
            foreach (var pool in scrape.Pools)
            {
                foreach (var target in pool.Targets.Active)
                {
                    var health = target.Health;
                    json.WriteStartObject();
                    WriteLabels(json, "discoveredLabels", target.DiscoveredLabels);
                    WriteLabels(json, "labels", target.Labels);
                    json.WriteString("scrapePool", pool.Job.Name);
                    json.WriteString("scrapeUrl", target.Url.AbsoluteUri);
                    json.WriteString("lastError", health.LastError);
                    json.WriteString("lastScrape", health.LastScrape?.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) ?? "0001-01-01T00:00:00Z");
                    json.WriteNumber("lastScrapeDuration", health.LastScrapeDuration.TotalSeconds);
                    json.WriteString("health", health.State);
                    json.WriteString("scrapeInterval", Config.PromDuration.Format(target.Interval));
                    json.WriteString("scrapeTimeout", Config.PromDuration.Format(target.Timeout));
                    json.WriteEndObject();
                }
            }

            json.WriteEndArray();
            json.WriteStartArray("droppedTargets");
            foreach (var pool in scrape.Pools)
            {
                foreach (var dropped in pool.Targets.Dropped)
                {
                    json.WriteStartObject();
                    WriteLabels(json, "discoveredLabels", dropped);
                    json.WriteString("scrapePool", pool.Job.Name);
                    json.WriteEndObject();
                }
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    public async Task JobsAsync(HttpContext context)
    {
        await WriteAsync(context, json =>
        {
            json.WriteStartObject();
            foreach (var pool in scrape.Pools.Where(p => !p.Job.InProcess))
            {
                json.WriteStartObject(pool.Job.Name);
                json.WriteString("_link", "/jobs/" + Uri.EscapeDataString(pool.Job.Name) + "/targets");
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    public async Task JobTargetsAsync(HttpContext context, string job)
    {
        var pool = scrape.Pools.FirstOrDefault(p => p.Job.Name == job && !p.Job.InProcess);
        var collector = context.Request.Query["collector_id"].ToString();
        await WriteAsync(context, json =>
        {
            if (collector.Length > 0)
            {
                json.WriteStartArray();
                if (pool is not null && collector == CollectorId)
                {
                    WriteGroups(json, pool);
                }

                json.WriteEndArray();
                return;
            }

            json.WriteStartObject();
            json.WriteStartObject(CollectorId);
            json.WriteString("_link", $"/jobs/{Uri.EscapeDataString(job)}/targets?collector_id={Uri.EscapeDataString(CollectorId)}");
            json.WriteStartArray("targets");
            if (pool is not null)
            {
                WriteGroups(json, pool);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>One HTTP SD target group per active target: its address and discovered labels.</summary>
    private static void WriteGroups(Utf8JsonWriter json, ScrapePool pool)
    {
        foreach (var target in pool.Targets.Active)
        {
            json.WriteStartObject();
            json.WriteStartArray("targets");
            json.WriteStringValue(target.SourceLabels.Get(TargetLabeler.Address));
            json.WriteEndArray();
            WriteLabels(json, "labels", target.SourceLabels);
            json.WriteEndObject();
        }
    }

    private static void WriteLabels(Utf8JsonWriter json, string property, LabelSet labels)
    {
        json.WriteStartObject(property);
        foreach (var label in labels.Labels)
        {
            json.WriteString(label.Name, label.Value);
        }

        json.WriteEndObject();
    }

    private static async Task WriteAsync(HttpContext context, Action<Utf8JsonWriter> write)
    {
        context.Response.ContentType = "application/json";
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            write(json);
        }

        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }
}
