using NodeCollector.Export.RemoteWrite;

namespace NodeCollector.Tests.Export.RemoteWrite;

public sealed class FileSecretTests : IDisposable
{
    private readonly string _path = Path.GetTempFileName();

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void A_rotated_token_file_is_read_again_and_a_missing_one_keeps_the_last_value()
    {
        File.WriteAllText(_path, "first\n");
        var secret = new FileSecret(_path);
        Assert.Equal("first", secret.Read());

        File.WriteAllText(_path, "second-token");
        File.SetLastWriteTimeUtc(_path, File.GetLastWriteTimeUtc(_path).AddSeconds(5));
        Assert.Equal("second-token", secret.Read());

        File.Delete(_path);
        Assert.Equal("second-token", secret.Read());
    }
}
