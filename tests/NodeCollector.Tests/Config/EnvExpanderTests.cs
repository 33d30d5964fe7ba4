using NodeCollector.Config;

namespace NodeCollector.Tests.Config;

public class EnvExpanderTests
{
    private static readonly Dictionary<string, string> Environment = new()
    {
        ["NODE_NAME"] = "k3s-agent-1",
        ["EMPTY"] = "",
        ["SHARDS"] = "3",
    };

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("${env:NODE_NAME}", "k3s-agent-1")]
    [InlineData("node=${env:NODE_NAME}:${env:SHARDS}", "node=k3s-agent-1:3")]
    [InlineData("${env:MISSING:-fallback}", "fallback")]
    [InlineData("${env:EMPTY:-fallback}", "fallback")]
    [InlineData("${env:EMPTY}", "")]
    [InlineData("${env:MISSING:-}", "")]
    [InlineData("$$", "$")]
    [InlineData("$${env:NODE_NAME}", "${env:NODE_NAME}")]
    [InlineData("$1:$2", "$1:$2")]
    [InlineData("${1}", "${1}")]
    [InlineData("cost: 5$", "cost: 5$")]
    public void Expands_environment_references(string value, string expected)
    {
        Assert.True(EnvExpander.TryExpand(value, Lookup, out var expanded, out var error), error);
        Assert.Equal(expected, expanded);
    }

    [Theory]
    [InlineData("${env:MISSING}", "environment variable MISSING is not set")]
    [InlineData("${env:NODE_NAME", "unterminated")]
    [InlineData("${env:1BAD}", "not a valid environment variable name")]
    public void Reports_what_cannot_be_expanded(string value, string messagePart)
    {
        Assert.False(EnvExpander.TryExpand(value, Lookup, out _, out var error));
        Assert.Contains(messagePart, error, StringComparison.Ordinal);
    }

    private static string? Lookup(string name) => Environment.GetValueOrDefault(name);
}
