using NodeCollector.Files;

namespace NodeCollector.Tests.Files;

public sealed class SecretFileTests : IDisposable
{
    private readonly string _path = Path.GetTempFileName();

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void A_rotated_file_is_read_again_and_a_missing_one_keeps_the_last_value()
    {
        File.WriteAllText(_path, "first\n");
        var secret = new SecretFile(_path);
        Assert.Equal(new SecretFileRead("first", Replaced: false, Problem: null), secret.Read());

        File.WriteAllText(_path, "second-token");
        File.SetLastWriteTimeUtc(_path, File.GetLastWriteTimeUtc(_path).AddSeconds(5));
        Assert.Equal(new SecretFileRead("second-token", Replaced: true, Problem: null), secret.Read());

        File.Delete(_path);
        var missing = secret.Read();
        Assert.Equal("second-token", missing.Value);
        Assert.False(missing.Replaced);
        Assert.Contains(_path, missing.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain("second-token", missing.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unchanged_looking_file_is_read_again_only_when_forced()
    {
        File.WriteAllText(_path, "token-a");
        var stamp = File.GetLastWriteTimeUtc(_path);
        var secret = new SecretFile(_path);
        Assert.Equal("token-a", secret.Read().Value);

        File.WriteAllText(_path, "token-b");
        File.SetLastWriteTimeUtc(_path, stamp);
        Assert.Equal("token-a", secret.Read().Value);
        Assert.Equal(new SecretFileRead("token-b", Replaced: true, Problem: null), secret.Read(force: true));
        Assert.Equal(new SecretFileRead("token-b", Replaced: false, Problem: null), secret.Read(force: true));
    }

    [Fact]
    public void A_file_emptied_mid_rotation_keeps_the_last_value_but_an_empty_first_read_is_empty()
    {
        File.WriteAllText(_path, "");
        var secret = new SecretFile(_path);
        Assert.Equal(new SecretFileRead("", Replaced: false, Problem: null), secret.Read());

        File.WriteAllText(_path, "token");
        File.SetLastWriteTimeUtc(_path, File.GetLastWriteTimeUtc(_path).AddSeconds(5));
        Assert.Equal("token", secret.Read().Value);

        File.WriteAllText(_path, "\n");
        File.SetLastWriteTimeUtc(_path, File.GetLastWriteTimeUtc(_path).AddSeconds(10));
        var emptied = secret.Read();
        Assert.Equal("token", emptied.Value);
        Assert.Equal("the file is empty; the previous value is kept", emptied.Problem);
    }

    [Fact]
    public void A_file_that_never_existed_has_no_value_and_says_why()
    {
        File.Delete(_path);
        var read = new SecretFile(_path).Read();
        Assert.Null(read.Value);
        Assert.NotNull(read.Problem);
    }
}
