using NodeCollector.Metrics;

namespace NodeCollector.Tests.Metrics;

public sealed class DirectoryEntryCounterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nodecollector-entries-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Counts_files_directories_and_symlinks_but_not_dot_entries()
    {
        File.WriteAllText(Path.Combine(_dir, "a"), "");
        File.WriteAllText(Path.Combine(_dir, ".hidden"), "");
        Directory.CreateDirectory(Path.Combine(_dir, "sub"));
        File.CreateSymbolicLink(Path.Combine(_dir, "dangling"), "/nonexistent/target");

        Assert.True(DirectoryEntryCounter.TryCount(_dir, out var count));
        Assert.Equal(4, count);
    }

    [Fact]
    public void An_empty_directory_has_none()
    {
        Assert.True(DirectoryEntryCounter.TryCount(_dir, out var count));
        Assert.Equal(0, count);
    }

    [Fact]
    public void A_missing_directory_cannot_be_counted()
    {
        Assert.False(DirectoryEntryCounter.TryCount(Path.Combine(_dir, "missing"), out _));
    }

    [Fact]
    public void Counts_this_process_open_descriptors_like_a_listing()
    {
        Assert.True(DirectoryEntryCounter.TryCount("/proc/self/fd", out var count));
        var listed = Directory.GetFileSystemEntries("/proc/self/fd").Length;

        // Both listings hold one descriptor of their own while they run; other threads may open or close a few meanwhile.
        Assert.InRange(count, listed - 5, listed + 5);
    }
}
