namespace NodeCollector.Tests;

public sealed class CheckConfigCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nodecollector-check-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_misspelled_key_and_a_bad_duration_are_both_named_with_their_lines()
    {
        var path = Write("""
            # two mistakes
            server:
              listen_adress: 0.0.0.0:9465
            global:
              scrape_interval: 15x
            kubernetes:
              enabled: false
            """);

        var (exit, stdout, stderr) = await RunAsync("--config", path, "--check-config");

        Assert.Equal(CollectorCommand.ExitConfigInvalid, exit);
        Assert.Equal("", stdout);
        Assert.Equal(
            $"""
            {path}: 2 problems:
              {path}:3:3: server.listen_adress: unknown key "listen_adress"; did you mean "listen_address"? (known keys: listen_address, max_request_body)
              {path}:5:20: global.scrape_interval: "15x" is not a valid duration (expected numbers with units ms, s, m, h, d, w, y, largest first, e.g. 15s or 1m30s)

            """,
            stderr);
    }

    [Fact]
    public async Task A_valid_file_passes_and_exits_0()
    {
        var path = Write("node:\n  name: ${env:NODE_NAME}\n");

        var (exit, stdout, stderr) = await RunAsync("--config", path, "--check-config");

        Assert.Equal(CollectorCommand.ExitOk, exit);
        Assert.Equal($"{path}: configuration is valid\n", stdout);
        Assert.StartsWith($"warning: {path}: server.listen_address: 0.0.0.0:9465 is reachable from the network", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task A_file_with_nothing_exposed_passes_without_warnings()
    {
        var path = Write("server:\n  listen_address: 127.0.0.1:9465\nnode:\n  name: n\n");

        var (exit, _, stderr) = await RunAsync("--config", path, "--check-config");

        Assert.Equal(CollectorCommand.ExitOk, exit);
        Assert.Equal("", stderr);
    }

    [Fact]
    public async Task A_missing_file_is_a_config_error()
    {
        var (exit, _, stderr) = await RunAsync("--config", Path.Combine(_dir, "absent.yaml"), "--check-config");

        Assert.Equal(CollectorCommand.ExitConfigInvalid, exit);
        Assert.Contains("cannot read the configuration file", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_argument_prints_usage_and_exits_2()
    {
        var (exit, _, stderr) = await RunAsync("--confgi", "x");

        Assert.Equal(CollectorCommand.ExitUsage, exit);
        Assert.StartsWith("nodecollector: unknown argument \"--confgi\"", stderr, StringComparison.Ordinal);
        Assert.Contains("usage: nodecollector", stderr, StringComparison.Ordinal);
    }

    private string Write(string yaml)
    {
        var path = Path.Combine(_dir, "config.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CollectorCommand.RunAsync(args, stdout, stderr, name => name == "NODE_NAME" ? "node-a" : null, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
