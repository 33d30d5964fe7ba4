using NodeCollector.Logs;

namespace NodeCollector.Tests.Logs;

/// <summary>Discovery's listings: the entries Directory.GetFiles/GetDirectories would give, with paths reused across rounds.</summary>
public sealed class ListedPathsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("listed-paths-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Lists_files_or_directories_as_GetFiles_and_GetDirectories_do_with_links_flagged()
    {
        File.WriteAllText(Path.Combine(_dir, "0.log"), "x");
        Directory.CreateDirectory(Path.Combine(_dir, "sub"));
        File.CreateSymbolicLink(Path.Combine(_dir, "link.log"), Path.Combine(_dir, "0.log"));
        Directory.CreateSymbolicLink(Path.Combine(_dir, "linkdir"), Path.Combine(_dir, "sub"));
        var listed = new ListedPaths();

        var files = listed.List(_dir, directories: false);
        var directories = listed.List(_dir, directories: true);

        Assert.Equal(Directory.GetFiles(_dir).Order(StringComparer.Ordinal), files.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.Equal(Directory.GetDirectories(_dir).Order(StringComparer.Ordinal), directories.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.Equal(["link.log"], files.Where(e => e.IsLink).Select(e => Path.GetFileName(e.Path)));
        Assert.Equal(["linkdir"], directories.Where(e => e.IsLink).Select(e => Path.GetFileName(e.Path)));
    }

    [Fact]
    public void Joins_a_directory_given_with_a_trailing_slash_as_Path_Join_does()
    {
        File.WriteAllText(Path.Combine(_dir, "0.log"), "x");

        var entry = Assert.Single(new ListedPaths().List(_dir + "/", directories: false));

        Assert.Equal(Path.Combine(_dir, "0.log"), entry.Path);
    }

    [Fact]
    public void A_path_listed_in_the_round_before_is_the_same_string_and_one_unlisted_for_a_round_is_forgotten()
    {
        File.WriteAllText(Path.Combine(_dir, "0.log"), "x");
        var listed = new ListedPaths();
        var first = Assert.Single(listed.List(_dir, directories: false)).Path;
        listed.EndRound();

        Assert.Same(first, Assert.Single(listed.List(_dir, directories: false)).Path);
        listed.EndRound();
        listed.EndRound();

        var later = Assert.Single(listed.List(_dir, directories: false)).Path;
        Assert.Equal(first, later);
        Assert.NotSame(first, later);
    }

    [Fact]
    public void A_missing_directory_throws_as_GetFiles_does()
    {
        Assert.Throws<DirectoryNotFoundException>(() => new ListedPaths().List(Path.Combine(_dir, "gone"), directories: false));
    }
}
