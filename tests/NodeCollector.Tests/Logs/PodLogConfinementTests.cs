using HostMocks.Kubernetes;
using HostMocks.Logs;
using NodeCollector.Files;
using NodeCollector.Kubernetes;
using NodeCollector.Logs;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Logs;

/// <summary>A symlink under <c>logs.pods_dir</c> that leads outside it is not followed, at any of the three levels.</summary>
public sealed class PodLogConfinementTests : IAsyncDisposable
{
    private const string OutsideLine = "read from outside the pods dir";
    private readonly LogsServiceHarness _harness = new();
    private readonly FakeTimeProvider _time = new();
    private readonly RecordingLogSink _sink = new();
    private readonly PodInfo _pod = PodInfoFactory.Create(DemoPods.Create("node-1")[0]);
    private readonly PodInfo _other = PodInfoFactory.Create(DemoPods.Create("node-1")[1]);

    public enum Level
    {
        PodDirectory,
        ContainerDirectory,
        LogFile,
    }

    private string Outside => Path.Combine(_harness.Root, "outside");

    public ValueTask DisposeAsync() => _harness.DisposeAsync();

    [Theory]
    [InlineData(Level.PodDirectory)]
    [InlineData(Level.ContainerDirectory)]
    [InlineData(Level.LogFile)]
    public async Task A_symlink_leading_outside_is_not_read_logged_and_counted(Level level)
    {
        var outsideContainer = Path.Combine(Outside, "pod", "api");
        using (var outside = new LogWriter(outsideContainer))
        {
            outside.Write("stdout", OutsideLine);
        }

        var podDir = Path.Combine(_harness.PodsDir, $"{_pod.Namespace}_{_pod.Name}_{_pod.Uid}");
        var link = level switch
        {
            Level.PodDirectory => Link(podDir, Path.Combine(Outside, "pod")),
            Level.ContainerDirectory => Link(Path.Combine(podDir, "api"), outsideContainer),
            _ => Link(Path.Combine(podDir, "api", "0.log"), Path.Combine(outsideContainer, "0.log")),
        };
        using var inside = new LogWriter(_harness.ContainerDir(_other.Namespace, _other.Name, "sidecar", _other.Uid));
        inside.Write("stdout", "inside");
        using var reconciler = Reconciler();

        reconciler.Round(Snapshot(_pod, _other));
        reconciler.Round(Snapshot(_pod, _other));

        await Poll.UntilAsync(() => _sink.Count == 1, TimeSpan.FromSeconds(5), "the line of the file inside");
        Assert.Equal("inside", _sink.Entries[0].Line);
        Assert.Single(reconciler.Tailers);
        var warning = Assert.Single(_harness.Logger.Entries, e => e.EventId == 6090);
        Assert.Contains(link, warning.Message, StringComparison.Ordinal);
        await reconciler.StopAsync(TimeSpan.Zero);
        Assert.DoesNotContain(_sink.Entries, e => e.Line == OutsideLine);
    }

    [Fact]
    public void A_link_that_stays_inside_the_root_is_allowed_and_a_dangling_one_is_not()
    {
        var root = Directory.CreateDirectory(Path.Combine(_harness.Root, "root")).FullName;
        var real = Directory.CreateDirectory(Path.Combine(root, "real")).FullName;
        var confined = new ConfinedRoot(root);

        Assert.True(confined.Contains(Link(Path.Combine(root, "alias"), real), out _));
        Assert.True(confined.Contains(Link(Path.Combine(root, "relative"), "real"), out _));
        Assert.False(confined.Contains(Link(Path.Combine(root, "up"), ".."), out var target));
        Assert.Equal(_harness.Root, target);
        Assert.False(confined.Contains(Link(Path.Combine(root, "dangling"), Path.Combine(root, "absent")), out _));
    }

    private static string Link(string path, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.CreateSymbolicLink(path, target);
        return path;
    }

    private LogFileReconciler Reconciler() => _harness.Reconciler(_sink, _time);

    private static NodeSnapshot Snapshot(params PodInfo[] pods) => LogsServiceHarness.Snapshot(pods);
}
