using System.Text;
using System.Text.Json;
using NodeCollector.Kubernetes;
using NodeCollector.Kubernetes.Api;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Kubernetes;

/// <summary>
/// Label parity with Prometheus' <c>role: pod</c> discovery: every pod of both fixture pod lists yields
/// exactly the label sets of the matching <c>*.expected-targets.json</c>, in order.
/// </summary>
public sealed class PodTargetLabelsFixtureTests
{
    [FixtureFact("kubernetes/podlist.json")]
    public void Kubelet_pod_list_matches_expected_targets() => AssertParity("podlist");

    [FixtureFact("kubernetes/podlist-annotated.json")]
    public void Annotated_pod_list_matches_expected_targets() => AssertParity("podlist-annotated");

    private static void AssertParity(string name)
    {
        var list = JsonSerializer.Deserialize(
            File.ReadAllBytes(RepoPaths.Fixture("kubernetes", name + ".json")), KubernetesJsonContext.Default.V1PodList);
        var expected = ReadExpected(RepoPaths.Fixture("kubernetes", name + ".expected-targets.json"));
        Assert.NotNull(list?.Items);
        Assert.Equal(expected.Count, list.Items.Count);

        var problems = new StringBuilder();
        foreach (var pod in list.Items)
        {
            var key = pod.Metadata?.Namespace + "/" + pod.Metadata?.Name;
            if (!expected.TryGetValue(key, out var expectedTargets))
            {
                problems.AppendLine($"{key}: not in the expected file");
                continue;
            }

            var actual = PodInfoFactory.Create(pod).Targets;
            if (actual.Length != expectedTargets.Count)
            {
                problems.AppendLine($"{key}: {actual.Length} targets, expected {expectedTargets.Count}");
                continue;
            }

            for (var i = 0; i < actual.Length; i++)
            {
                var actualText = Format(actual[i].Select(l => (l.Name, l.Value)));
                var expectedText = Format(expectedTargets[i].OrderBy(l => l.Name, StringComparer.Ordinal));
                if (actualText != expectedText)
                {
                    problems.AppendLine($"{key} target {i}:\n  actual:   {actualText}\n  expected: {expectedText}");
                }
            }
        }

        Assert.True(problems.Length == 0, problems.ToString());
    }

    private static string Format(IEnumerable<(string Name, string Value)> labels) =>
        string.Join(", ", labels.Select(l => l.Name + "=" + l.Value));

    private static Dictionary<string, List<List<(string Name, string Value)>>> ReadExpected(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var result = new Dictionary<string, List<List<(string, string)>>>();
        foreach (var pod in document.RootElement.EnumerateArray())
        {
            var targets = new List<List<(string, string)>>();
            foreach (var target in pod.GetProperty("targets").EnumerateArray())
            {
                targets.Add(target.EnumerateObject().Select(p => (p.Name, p.Value.GetString()!)).ToList());
            }

            result.Add(pod.GetProperty("pod").GetString()!, targets);
        }

        return result;
    }
}
