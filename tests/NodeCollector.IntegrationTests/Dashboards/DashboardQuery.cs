using System.Text.Json;
using System.Text.RegularExpressions;
using NodeCollector.TestSupport;

namespace NodeCollector.IntegrationTests.Dashboards;

/// <summary>
/// One query of a shipped Grafana dashboard (daemonset/dashboards/*.json): a panel target's <c>expr</c> or a
/// template variable's <c>label_values(...)</c>, with the language its data source speaks.
/// </summary>
internal sealed partial record DashboardQuery(string Dashboard, string Where, bool IsLogQl, string Expression, string? ValuesOfLabel)
{
    public static string Directory => Path.Combine(RepoPaths.Root, "daemonset", "dashboards");

    public static IReadOnlyList<DashboardQuery> ReadAll() =>
        [.. System.IO.Directory.GetFiles(Directory, "*.json").Order(StringComparer.Ordinal).SelectMany(Read)];

    public QueryNames Names() => QueryNames.Parse(Expression);

    public override string ToString() => $"{Dashboard} / {Where}: {Expression}";

    private static IEnumerable<DashboardQuery> Read(string file)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        var name = Path.GetFileName(file);
        var queries = new List<DashboardQuery>();
        foreach (var variable in json.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray())
        {
            if (variable.GetProperty("type").GetString() == "query")
            {
                var query = variable.GetProperty("query").GetString()!;
                var match = LabelValues().Match(query);
                if (!match.Success)
                {
                    throw new FormatException($"{name}: variable {variable.GetProperty("name")} is not label_values(...): {query}");
                }

                queries.Add(new DashboardQuery(name, "variable " + variable.GetProperty("name").GetString(), IsLoki(variable), match.Groups["selector"].Value, match.Groups["label"].Value));
            }
        }

        foreach (var panel in Panels(json.RootElement.GetProperty("panels")))
        {
            foreach (var target in panel.TryGetProperty("targets", out var targets) ? targets.EnumerateArray() : default)
            {
                var source = target.TryGetProperty("datasource", out _) ? target : panel;
                queries.Add(new DashboardQuery(name, "panel " + panel.GetProperty("title").GetString(), IsLoki(source), target.GetProperty("expr").GetString()!, null));
            }
        }

        return queries;
    }

    private static IEnumerable<JsonElement> Panels(JsonElement panels)
    {
        foreach (var panel in panels.EnumerateArray())
        {
            yield return panel;
            if (panel.TryGetProperty("panels", out var nested))
            {
                foreach (var inner in Panels(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    private static bool IsLoki(JsonElement withDatasource) =>
        withDatasource.GetProperty("datasource").GetProperty("type").GetString() switch
        {
            "loki" => true,
            "prometheus" => false,
            var other => throw new FormatException("unexpected data source type " + other),
        };

    /// <summary><c>label_values(label)</c> or <c>label_values(selector, label)</c>.</summary>
    [GeneratedRegex(@"^label_values\((?:(?<selector>.+),\s*)?(?<label>[a-zA-Z_][a-zA-Z0-9_]*)\)$")]
    private static partial Regex LabelValues();
}
