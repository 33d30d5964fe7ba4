using NodeCollector.Config;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Config;

public class ConfigLoaderTests
{
    private static readonly Func<string, string?> Env = name => name switch
    {
        "NODE_NAME" => "k3s-agent-1",
        _ => null,
    };

    [Fact]
    public void The_shipped_example_loads_with_the_documented_values()
    {
        var result = ConfigLoader.LoadFile(Path.Combine(RepoPaths.Root, "examples", "nodecollector.yaml"), Env);

        Assert.Empty(result.Problems);
        var config = result.Config!;
        Assert.Equal("0.0.0.0:9465", config.Server.ListenAddress);
        Assert.Equal(1 << 20, config.Server.MaxRequestBody);
        Assert.Equal("k3s-agent-1", config.Node.Name);
        Assert.Equal("/host/proc", config.Node.Procfs);
        Assert.Equal(TimeSpan.FromSeconds(15), config.Global.ScrapeInterval);
        Assert.Equal("demo", config.Global.ExternalLabels["cluster"]);
        Assert.Equal(["default"], config.HostMetrics.Collectors);
        Assert.Equal("node-exporter", config.HostMetrics.Job);
        Assert.True(config.SelfMetrics.Enabled);
        Assert.Equal("nodecollector", config.SelfMetrics.Job);
        Assert.Null(config.SelfMetrics.ScrapeInterval);
        Assert.Equal(DiskstatsOptions.DefaultDeviceExclude, config.HostMetrics.Diskstats.DeviceExclude);
        Assert.Equal("/host/root/var/lib/rancher/k3s/agent/server-ca.crt", config.Kubelet.Tls.CaFile);
        var pods = Assert.Single(config.ScrapeConfigs);
        Assert.Equal("kubernetes-pods", pods.JobName);
        Assert.Equal(7, pods.RelabelConfigs.Count);
        Assert.Equal("keep", pods.RelabelConfigs[0].Action);
        Assert.Equal("$1:$2", pods.RelabelConfigs[3].Replacement);
        Assert.Equal(";", pods.RelabelConfigs[3].Separator);
        var remote = Assert.Single(config.RemoteWrite);
        Assert.Equal(TimeSpan.FromMilliseconds(30), remote.Queue.MinBackoff);
        Assert.True(remote.Queue.RetryOnHttp429);
        Assert.Equal(256 * 1024, config.Logs.MaxLineSize);
        Assert.Equal(TimeSpan.FromMinutes(5), config.Loki.MaxBackoff);
        Assert.Equal(256L << 20, config.Limits.MemoryBudget);
    }

    [FixtureFact("../config.example.yaml")]
    public void The_design_example_in_shared_loads()
    {
        var result = ConfigLoader.LoadFile(RepoPaths.Fixture("..", "config.example.yaml"), Env);

        Assert.Empty(result.Problems);
    }

    [Fact]
    public void Defaults_apply_to_what_the_file_leaves_out()
    {
        var config = Load("kubernetes:\n  enabled: false\n").Config!;

        Assert.Equal("0.0.0.0:9465", config.Server.ListenAddress);
        Assert.Equal(TimeSpan.FromSeconds(10), config.Global.ScrapeTimeout);
        Assert.True(config.HostMetrics.Enabled);
        Assert.Equal("beginning", config.Logs.StartPosition);
        Assert.Empty(config.RemoteWrite);
    }

    [Fact]
    public void An_empty_value_keeps_the_default()
    {
        var config = Load("kubernetes:\n  enabled: false\nserver:\n  listen_address:\n").Config!;

        Assert.Equal("0.0.0.0:9465", config.Server.ListenAddress);
    }

    [Fact]
    public void Every_problem_is_reported_with_line_column_and_key_path_in_file_order()
    {
        var result = Load("""
            kubernetes:
              enabled: false
            scrape_configs:
              - job_name: a
                relabel_configs:
                  - action: keep
                    regex: "true"
                  - action: hashmodd
              - job_name: a
                scrape_timeout: 1m
            logs:
              start_position: middle
              unknown_thing: 1
            """);

        Assert.Null(result.Config);
        Assert.Equal(
            [
                "config.yaml:8:17: scrape_configs[0].relabel_configs[1].action: unknown relabel action \"hashmodd\" (expected one of: replace, keep, drop, keepequal, dropequal, hashmod, labelmap, labeldrop, labelkeep, lowercase, uppercase)",
                "config.yaml:9:15: scrape_configs[1].job_name: job_name \"a\" is used twice",
                "config.yaml:10:21: scrape_configs[1].scrape_timeout: 1m is longer than scrape_interval 15s",
                "config.yaml:12:19: logs.start_position: \"middle\" is not beginning or end",
                "config.yaml:13:3: logs.unknown_thing: unknown key \"unknown_thing\" (known keys: deleted_pod_grace, enabled, max_line_size, partial_line_timeout, pods_dir, positions_file, read_gzip_rotated, relabel_configs, start_position, structured_metadata)",
            ],
            result.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void A_misspelled_key_gets_a_suggestion()
    {
        var problem = Assert.Single(Load("kubernetes:\n  enabled: false\nremote_write:\n  - url: http://x/api/v1/write\n    queue_config:\n      max_shard: 3\n").Problems);

        Assert.Equal("remote_write[0].queue_config.max_shard", problem.KeyPath);
        Assert.Contains("did you mean \"max_shards\"?", problem.Message, StringComparison.Ordinal);
        Assert.Equal((6, 7), (problem.Line, problem.Column));
    }

    [Fact]
    public void A_missing_environment_variable_is_an_error_at_its_value()
    {
        var problem = Assert.Single(Load("node:\n  name: ${env:NOT_SET_ANYWHERE}\n").Problems);

        Assert.Equal("node.name", problem.KeyPath);
        Assert.Equal((2, 9), (problem.Line, problem.Column));
        Assert.Contains("NOT_SET_ANYWHERE is not set", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_references_expand_with_defaults()
    {
        var config = Load("node:\n  name: ${env:NODE_NAME}\nglobal:\n  external_labels:\n    shard: ${env:SHARD:-0}\n    price: $$5\n").Config!;

        Assert.Equal("k3s-agent-1", config.Node.Name);
        Assert.Equal("0", config.Global.ExternalLabels["shard"]);
        Assert.Equal("$5", config.Global.ExternalLabels["price"]);
    }

    [Theory]
    [InlineData("kubernetes: {enabled: false}\nserver: [1, 2]\n", "server", "expected a mapping of keys to values")]
    [InlineData("kubernetes:\n  enabled: maybe\n", "kubernetes.enabled", "\"maybe\" is not a boolean (expected true or false)")]
    [InlineData("kubernetes: {enabled: false}\nlimits:\n  memory_budget: lots\n", "limits.memory_budget", "\"lots\" is not a valid size")]
    [InlineData("kubernetes: {enabled: false}\nkubelet:\n  paths: /metrics/cadvisor\n", "kubelet.paths", "expected a list")]
    [InlineData("kubernetes: {enabled: false}\nserver:\n  listen_address: nowhere\n", "server.listen_address", "is not host:port")]
    [InlineData("kubernetes: {enabled: false}\nremote_write:\n  - url: ftp://x\n", "remote_write[0].url", "is not an absolute http:// or https:// URL")]
    [InlineData("kubernetes: {enabled: false}\nhost_metrics:\n  diskstats:\n    device_exclude: '(unclosed'\n", "host_metrics.diskstats.device_exclude", "invalid regular expression")]
    [InlineData("kubernetes:\n  enabled: true\n", "node.name", "node.name is required")]
    public void Wrong_values_name_their_key(string yaml, string keyPath, string messagePart)
    {
        var problem = Assert.Single(Load(yaml).Problems);

        Assert.Equal(keyPath, problem.KeyPath);
        Assert.Contains(messagePart, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_yaml_is_reported_with_its_position()
    {
        var problem = Assert.Single(Load("server:\n  listen_address: [unclosed\n").Problems);

        Assert.Equal("(syntax)", problem.KeyPath);
        Assert.True(problem.Line >= 2, problem.ToString());
        Assert.StartsWith("invalid YAML", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_keys_are_rejected()
    {
        var result = Load("kubernetes:\n  enabled: false\n  enabled: true\n");

        Assert.Null(result.Config);
        Assert.NotEmpty(result.Problems);
    }

    [Fact]
    public void An_unreadable_file_is_one_clear_problem()
    {
        var problem = Assert.Single(ConfigLoader.LoadFile("/nonexistent/nodecollector.yaml", Env).Problems);

        Assert.Contains("cannot read the configuration file", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Secrets_never_print_their_value()
    {
        var config = Load("kubernetes: {enabled: false}\nremote_write:\n  - url: http://x/api/v1/write\n    basic_auth:\n      username: u\n      password: hunter2\n").Config!;
        var auth = config.RemoteWrite[0].Http.BasicAuth!;

        Assert.Equal("hunter2", auth.Password.Reveal());
        Assert.Equal("<secret>", auth.Password.ToString());
        Assert.DoesNotContain("hunter2", config.RemoteWrite[0].ToString(), StringComparison.Ordinal);
    }

    private static ConfigLoadResult Load(string yaml) => ConfigLoader.Load(yaml, "config.yaml", Env);
}
