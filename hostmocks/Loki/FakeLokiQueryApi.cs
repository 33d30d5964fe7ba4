using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace HostMocks.Loki;

/// <summary>
/// Enough of Loki's query API for the demo and a Grafana data source: <c>query_range</c> with a stream selector of
/// <c>=</c> matchers (no filters), <c>start</c>/<c>end</c> in Unix nanoseconds, <c>limit</c> and <c>direction</c>;
/// and the label name and value lists. Structured metadata shows as labels of the result streams, or per entry with
/// Loki 3's <c>categorize-labels</c> encoding flag.
/// </summary>
internal sealed class FakeLokiQueryApi(FakeLokiIngester ingester)
{
    /// <summary>Loki 3's request header for entries as <c>[ts, line, {"structuredMetadata": {...}}]</c>.</summary>
    public const string CategorizeHeader = "X-Loki-Response-Encoding-Flags";

    public async Task QueryRangeAsync(HttpContext context)
    {
        var query = context.Request.Query;
        if (!FakeLokiLabels.TryParse(query["query"].ToString(), out var selector, out var error))
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync(error).ConfigureAwait(false);
            return;
        }

        var start = long.TryParse(query["start"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : long.MinValue;
        var end = long.TryParse(query["end"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var e) ? e : long.MaxValue;
        var limit = int.TryParse(query["limit"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : 100;
        var forward = string.Equals(query["direction"], "forward", StringComparison.OrdinalIgnoreCase);
        var categorize = context.Request.Headers[CategorizeHeader].ToString().Contains("categorize-labels", StringComparison.Ordinal);
        var result = new List<object>();
        foreach (var stream in ingester.Streams)
        {
            if (!selector.All(m => stream.LabelValues.TryGetValue(m.Key, out var v) && v == m.Value))
            {
                continue;
            }

            var entries = ingester.EntriesOf(stream).Where(x => x.TimestampUnixNanos >= start && x.TimestampUnixNanos <= end);
            entries = forward ? entries.Take(limit) : entries.Reverse().Take(limit);
            if (categorize)
            {
                result.Add(new { stream = stream.LabelValues, values = entries.Select(Categorized).ToList() });
                continue;
            }

            // Without categorized labels Loki shows structured metadata as labels: one result stream per metadata set.
            foreach (var group in entries.GroupBy(x => x.Metadata, StringComparer.Ordinal))
            {
                var labels = new SortedDictionary<string, string>(group.First().MetadataPairs.ToDictionary(), StringComparer.Ordinal);
                foreach (var (name, value) in stream.LabelValues)
                {
                    labels[name] = value;
                }

                result.Add(new { stream = labels, values = group.Select(x => new object[] { Stamp(x), x.Line }).ToList() });
            }
        }

        await WriteAsync(context, new { status = "success", data = new { resultType = "streams", result } }).ConfigureAwait(false);
    }

    public Task LabelsAsync(HttpContext context) =>
        WriteAsync(context, new { status = "success", data = ingester.Streams.SelectMany(s => s.LabelValues.Keys).Distinct().Order(StringComparer.Ordinal).ToList() });

    public Task LabelValuesAsync(HttpContext context, string name) =>
        WriteAsync(context, new
        {
            status = "success",
            data = ingester.Streams.Select(s => s.LabelValues.GetValueOrDefault(name)).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList(),
        });

    private static string Stamp(FakeLokiEntry entry) => entry.TimestampUnixNanos.ToString(CultureInfo.InvariantCulture);

    private static object[] Categorized(FakeLokiEntry entry) => entry.Metadata.Length == 0
        ? [Stamp(entry), entry.Line]
        : [Stamp(entry), entry.Line, new { structuredMetadata = entry.MetadataPairs }];

    private static Task WriteAsync(HttpContext context, object value)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(value));
    }
}
