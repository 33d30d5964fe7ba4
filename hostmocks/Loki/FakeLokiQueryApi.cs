using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace HostMocks.Loki;

/// <summary>
/// Enough of Loki's query API for the demo and a Grafana data source: <c>query_range</c> with a stream selector of
/// <c>=</c> matchers (no filters), <c>start</c>/<c>end</c> in Unix nanoseconds, <c>limit</c> and <c>direction</c>;
/// and the label name and value lists.
/// </summary>
internal sealed class FakeLokiQueryApi(FakeLokiIngester ingester)
{
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
        var result = new List<object>();
        foreach (var stream in ingester.Streams)
        {
            if (!selector.All(m => stream.LabelValues.TryGetValue(m.Key, out var v) && v == m.Value))
            {
                continue;
            }

            var entries = ingester.EntriesOf(stream).Where(x => x.TimestampUnixNanos >= start && x.TimestampUnixNanos <= end);
            entries = forward ? entries.Take(limit) : entries.Reverse().Take(limit);
            result.Add(new
            {
                stream = stream.LabelValues,
                values = entries.Select(x => new[] { x.TimestampUnixNanos.ToString(CultureInfo.InvariantCulture), x.Line }).ToList(),
            });
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

    private static Task WriteAsync(HttpContext context, object value)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(value));
    }
}
