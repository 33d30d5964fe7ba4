using Microsoft.Extensions.Logging.Abstractions;
using NodeCollector.Kubernetes.Api;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Kubernetes;

public sealed class BearerTokenSourceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nc-token-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Rereads_the_file_when_it_changes()
    {
        var path = Write("token-1");
        var source = new BearerTokenSource(path, null, new FakeTimeProvider(), TimeSpan.FromMinutes(1), NullLogger.Instance);
        Assert.Equal("token-1", source.Current());

        Write("token-2-longer");
        Assert.Equal("token-2-longer", source.Current());
    }

    [Fact]
    public void Rereads_after_the_reload_interval_even_if_the_file_looks_unchanged()
    {
        var path = Write("token-a");
        var stamp = File.GetLastWriteTimeUtc(path);
        var time = new FakeTimeProvider();
        var source = new BearerTokenSource(path, null, time, TimeSpan.FromMinutes(1), NullLogger.Instance);
        Assert.Equal("token-a", source.Current());

        Write("token-b");
        File.SetLastWriteTimeUtc(path, stamp);
        Assert.Equal("token-a", source.Current());
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("token-b", source.Current());
    }

    [Fact]
    public void Unauthorized_forces_a_reread_and_says_whether_the_token_changed()
    {
        var path = Write("old-token");
        var stamp = File.GetLastWriteTimeUtc(path);
        var source = new BearerTokenSource(path, null, new FakeTimeProvider(), TimeSpan.FromHours(1), NullLogger.Instance);
        Assert.Equal("old-token", source.Current());
        Assert.False(source.ReloadAfterUnauthorized());

        Write("new-token");
        File.SetLastWriteTimeUtc(path, stamp);
        Assert.True(source.ReloadAfterUnauthorized());
        Assert.Equal("new-token", source.Current());
    }

    [Fact]
    public void Keeps_the_last_token_when_the_file_disappears()
    {
        var path = Write("kept");
        var source = new BearerTokenSource(path, null, new FakeTimeProvider(), TimeSpan.FromMinutes(1), NullLogger.Instance);
        Assert.Equal("kept", source.Current());
        File.Delete(path);
        Assert.Equal("kept", source.Current());
    }

    private string Write(string token)
    {
        var path = Path.Combine(_directory, "token");
        File.WriteAllText(path, token + "\n");
        return path;
    }
}
