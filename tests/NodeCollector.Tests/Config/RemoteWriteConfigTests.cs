using NodeCollector.Config;

namespace NodeCollector.Tests.Config;

public class RemoteWriteConfigTests
{
    [Fact]
    public void Tenant_and_metadata_config_are_read_with_Prometheus_defaults()
    {
        var config = Load("""
            kubernetes: {enabled: false}
            remote_write:
              - url: http://mimir:8080/api/v1/push
                tenant_id: team-a
                metadata_config:
                  send_interval: 30s
              - url: http://prometheus:9090/api/v1/write
                name: main
            """).Config!;

        var mimir = config.RemoteWrite[0];
        Assert.Equal("team-a", mimir.TenantId);
        Assert.True(mimir.Metadata.Send);
        Assert.Equal(TimeSpan.FromSeconds(30), mimir.Metadata.SendInterval);
        Assert.Equal(2000, mimir.Metadata.MaxSamplesPerSend);
        Assert.StartsWith("rw-", mimir.QueueName, StringComparison.Ordinal);
        Assert.Equal("main", config.RemoteWrite[1].QueueName);
        Assert.True(config.RemoteWrite[1].Queue.RetryOnHttp429);
    }

    [Theory]
    [InlineData("headers: {Content-Type: text/plain}", "remote_write[0].headers.Content-Type", "cannot be overridden")]
    [InlineData("headers: {x-prometheus-remote-write-version: 2.0.0}", "remote_write[0].headers.x-prometheus-remote-write-version", "cannot be overridden")]
    [InlineData("metadata_config: {send_interval: 0s}", "remote_write[0].metadata_config.send_interval", "must be greater than 0s")]
    [InlineData("metadata_config: {max_samples_per_send: 0}", "remote_write[0].metadata_config.max_samples_per_send", "must be greater than 0")]
    [InlineData("metadata_config: {sned: true}", "remote_write[0].metadata_config.sned", "did you mean \"send\"")]
    public void Bad_remote_write_keys_are_reported_with_their_path(string line, string keyPath, string message)
    {
        var problem = Assert.Single(Load($"kubernetes: {{enabled: false}}\nremote_write:\n  - url: http://x/api/v1/write\n    {line}\n").Problems);

        Assert.Equal(keyPath, problem.KeyPath);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }

    private static ConfigLoadResult Load(string yaml) => ConfigLoader.Load(yaml, "config.yaml", _ => null);
}
