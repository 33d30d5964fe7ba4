using NodeCollector.Config;

namespace NodeCollector.Tests.Config;

public class ListenEndpointTests
{
    [Theory]
    [InlineData("0.0.0.0:9465", "0.0.0.0:9465")]
    [InlineData("127.0.0.1:0", "127.0.0.1:0")]
    [InlineData("[::]:9465", "[::]:9465")]
    [InlineData(":9465", "[::]:9465")]
    [InlineData("localhost:80", "127.0.0.1:80")]
    public void Parses_go_style_addresses(string text, string expected)
    {
        Assert.True(ListenEndpoint.TryParse(text, out var endpoint, out var error), error);
        Assert.Equal(expected, endpoint!.ToString());
    }

    [Theory]
    [InlineData("9465")]
    [InlineData("0.0.0.0:")]
    [InlineData("0.0.0.0:70000")]
    [InlineData("example.com:80")]
    public void Rejects_what_cannot_be_listened_on(string text)
    {
        Assert.False(ListenEndpoint.TryParse(text, out _, out var error));
        Assert.NotNull(error);
    }
}
