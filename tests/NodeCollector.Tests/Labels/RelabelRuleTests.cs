using NodeCollector.Labels;
using static NodeCollector.Tests.Labels.RelabelTestRules;

namespace NodeCollector.Tests.Labels;

/// <summary>The worked examples of PROTOCOLS.md §7.3, checked against Prometheus' relabel tests and a Go re-run.</summary>
public class RelabelRuleTests
{
    public static TheoryData<string, string, string, string> WorkedExamples => new()
    {
        { "1 replace with groups", "a=foo|b=bar|c=baz", "- {source_labels: [a], regex: 'f(.*)', target_label: d, replacement: 'ch${1}-ch${1}'}", "a=foo|b=bar|c=baz|d=choo-choo" },
        { "2 chained replaces", "a=foo|b=bar|c=baz",
            "- {source_labels: [a, b], regex: 'f(.*);(.*)r', target_label: a, replacement: 'b${1}${2}m'}\n- {source_labels: [c, a], regex: '(b).*b(.*)ba(.*)', target_label: d, replacement: '$1$2$2$3'}",
            "a=boobam|b=bar|c=baz|d=boooom" },
        { "3 drop on match", "a=foo", "- {action: drop, source_labels: [a], regex: '.*o.*'}", "DROPPED" },
        { "4 drop is anchored", "a=foo", "- {action: drop, source_labels: [a], regex: 'f|o'}", "a=foo" },
        { "5 keep without match", "a=foo", "- {action: keep, source_labels: [a], regex: no-match}", "DROPPED" },
        { "6 replace without match", "a=boo", "- {source_labels: [a], regex: f, target_label: b, replacement: bar}", "a=boo" },
        { "7 empty result deletes", "a=foo|f=baz", "- {source_labels: [a], regex: '(f).*', target_label: '$1', replacement: '$2'}", "a=foo" },
        { "8 hashmod", "a=foo|b=bar|c=baz", "- {action: hashmod, source_labels: [c], target_label: d, modulus: 1000}", "a=foo|b=bar|c=baz|d=976" },
        { "9 hashmod over a newline", "a=foo\nbar", "- {action: hashmod, source_labels: [a], target_label: b, modulus: 1000}", "a=foo\nbar|b=734" },
        { "12 labelmap", "a=foo|b1=bar|b2=baz", "- {action: labelmap, regex: '(b.*)', replacement: 'bar_${1}'}", "a=foo|b1=bar|b2=baz|bar_b1=bar|bar_b2=baz" },
        { "13 labelmap of meta labels", "a=foo|__meta_my_bar=aaa|__meta_my_baz=bbb|__meta_other=ccc", "- {action: labelmap, regex: '__meta_(my.*)', replacement: '${1}'}",
            "__meta_my_bar=aaa|__meta_my_baz=bbb|__meta_other=ccc|a=foo|my_bar=aaa|my_baz=bbb" },
        { "14 templated target", "a=some-name-value", "- {source_labels: [a], regex: 'some-([^-]+)-([^,]+)', target_label: '${1}', replacement: '${2}'}", "a=some-name-value|name=value" },
        { "15 missing group deletes", "a=some-name-value", "- {source_labels: [a], regex: 'some-([^-]+)-([^,]+)', target_label: '${1}', replacement: '${3}'}", "a=some-name-value" },
        { "16 invalid target name", "a=some-name-0", "- {source_labels: [a], regex: 'some-([^-]+)-([^,]+)', target_label: '${3}', replacement: '${1}'}", "a=some-name-0" },
        { "17 labelkeep", "a=foo|b1=bar|b2=baz", "- {action: labelkeep, regex: '(b.*)'}", "b1=bar|b2=baz" },
        { "18 labeldrop", "a=foo|b1=bar|b2=baz", "- {action: labeldrop, regex: '(b.*)'}", "a=foo" },
        { "19 upper and lower case", "foo=bAr123Foo",
            "- {action: uppercase, source_labels: [foo], target_label: foo_uppercase}\n- {action: lowercase, source_labels: [foo], target_label: foo_lowercase}",
            "foo=bAr123Foo|foo_lowercase=bar123foo|foo_uppercase=BAR123FOO" },
        { "20 keepequal keeps", "__tmp_port=1234|__port1=1234|__port2=5678", "- {action: keepequal, source_labels: [__tmp_port], target_label: __port1}", "__port1=1234|__port2=5678|__tmp_port=1234" },
        { "20 dropequal drops", "__tmp_port=1234|__port1=1234|__port2=5678", "- {action: dropequal, source_labels: [__tmp_port], target_label: __port1}", "DROPPED" },
        { "20 keepequal drops", "__tmp_port=1234|__port1=1234|__port2=5678", "- {action: keepequal, source_labels: [__tmp_port], target_label: __port2}", "DROPPED" },
        { "21 annotation port", "__address__=10.244.0.6:80|__meta_kubernetes_pod_annotation_prometheus_io_port=9102",
            "- {source_labels: [__address__, __meta_kubernetes_pod_annotation_prometheus_io_port], regex: '([^:]+)(?::\\d+)?;(\\d+)', target_label: __address__, replacement: '$1:$2'}",
            "__address__=10.244.0.6:9102|__meta_kubernetes_pod_annotation_prometheus_io_port=9102" },
        { "21 annotation port without a port", "__address__=10.244.0.6|__meta_kubernetes_pod_annotation_prometheus_io_port=9102",
            "- {source_labels: [__address__, __meta_kubernetes_pod_annotation_prometheus_io_port], regex: '([^:]+)(?::\\d+)?;(\\d+)', target_label: __address__, replacement: '$1:$2'}",
            "__address__=10.244.0.6:9102|__meta_kubernetes_pod_annotation_prometheus_io_port=9102" },
        { "21 no annotation", "__address__=10.244.0.6:80",
            "- {source_labels: [__address__, __meta_kubernetes_pod_annotation_prometheus_io_port], regex: '([^:]+)(?::\\d+)?;(\\d+)', target_label: __address__, replacement: '$1:$2'}",
            "__address__=10.244.0.6:80" },
        { "22 literal fast path", "a=x", "- {source_labels: [missing], target_label: env, replacement: prod}", "a=x|env=prod" },
        { "23 default rule deletes", "env=dev", "- {source_labels: [missing], target_label: env}", "" },
        { "24 $1x is group 1x", "a=abc", "- {source_labels: [a], regex: '(a)(b)c', target_label: x, replacement: '$1x'}", "a=abc" },
        { "25 braces and $$", "a=abc", "- {source_labels: [a], regex: '(a)(b)c', target_label: x, replacement: '${1}x$$'}", "a=abc|x=ax$" },
        { "26 dot matches newline", "a=line1\nline2", "- {source_labels: [a], regex: 'line1.*line2', target_label: d, replacement: 'match${1}'}", "a=line1\nline2|d=match" },
        { "27 keep is case-sensitive", "__meta_kubernetes_pod_annotation_prometheus_io_scrape=True", "- {action: keep, source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_scrape], regex: 'true'}", "DROPPED" },
        { "28 path annotation", "__metrics_path__=/metrics|__meta_kubernetes_pod_annotation_prometheus_io_path=/custom/metrics",
            "- {source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_path], regex: '(.+)', target_label: __metrics_path__}",
            "__meta_kubernetes_pod_annotation_prometheus_io_path=/custom/metrics|__metrics_path__=/custom/metrics" },
        { "28 no path annotation", "__metrics_path__=/metrics", "- {source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_path], regex: '(.+)', target_label: __metrics_path__}", "__metrics_path__=/metrics" },
        { "29 separator", "job=a|instance=b", "- {source_labels: [job, instance], separator: /, regex: '(.*)/(.*)', target_label: combo, replacement: '$2@$1'}", "combo=b@a|instance=b|job=a" },
        { "named groups use Go numbering", "a=xy", "- {source_labels: [a], regex: '(?P<first>x)(y)', target_label: b, replacement: '$2-${first}-$1'}", "a=xy|b=y-x-x" },
        { "action is case-insensitive", "a=foo", "- {action: Drop, source_labels: [a], regex: foo}", "DROPPED" },
    };

    [Theory]
    [MemberData(nameof(WorkedExamples))]
    public void Worked_examples_match_prometheus(string name, string input, string rulesYaml, string expected)
    {
        var result = Apply(Parse(rulesYaml), ParseLabels(input));

        Assert.True(expected == Render(result), $"{name}: expected {expected}, got {Render(result)}");
    }

    [Theory]
    [InlineData("10.0.0.1:8080", 3, "0")]
    [InlineData("10.0.0.2:8080", 3, "1")]
    [InlineData("10.0.0.3:8080", 3, "2")]
    [InlineData("10.0.0.1:8080", 1000, "260")]
    [InlineData("192.168.1.10:9100", 3, "1")]
    [InlineData("10.244.0.6:80", 3, "1")]
    public void Hashmod_of_addresses_matches_prometheus(string address, int modulus, string expected)
    {
        var rules = Parse($"- {{action: hashmod, source_labels: [__address__], target_label: __tmp_hash, modulus: {modulus}}}");

        Assert.Equal(expected, Apply(rules, Set(("__address__", address)))!.Get("__tmp_hash"));
    }

    [Fact]
    public void Hashmod_sharding_recipe_gives_every_target_to_exactly_one_replica()
    {
        const string recipe = """
            - {source_labels: [__address__], modulus: '${env:SHARDS}', target_label: __tmp_shard, action: hashmod}
            - {source_labels: [__tmp_shard], regex: '(.*)', replacement: 'collector-$1', target_label: __tmp_replica}
            - {source_labels: [__tmp_replica], regex: '${env:POD_NAME}', action: keep}
            """;
        var replicas = Enumerable.Range(0, 3)
            .Select(i => Parse(recipe, name => name switch { "SHARDS" => "3", "POD_NAME" => $"collector-{i}", _ => null }))
            .ToList();
        var targets = Enumerable.Range(1, 200).Select(i => $"10.42.{i / 50}.{i % 50}:9100").ToList();

        var owners = targets.Select(t => replicas.Count(r => Apply(r, Set(("__address__", t))) is not null)).ToList();

        Assert.All(owners, count => Assert.Equal(1, count));
        var perReplica = replicas.Select(r => targets.Count(t => Apply(r, Set(("__address__", t))) is not null)).ToList();
        Assert.All(perReplica, count => Assert.InRange(count, 40, 100));
    }

    private static LabelSet ParseLabels(string text) =>
        Set([.. text.Split('|').Select(p => p.Split('=', 2)).Select(p => (p[0], p[1]))]);

    private static string Render(LabelSet? labels) =>
        labels is null ? "DROPPED" : string.Join("|", labels.Labels.ToArray().Select(l => $"{l.Name}={l.Value}"));
}
