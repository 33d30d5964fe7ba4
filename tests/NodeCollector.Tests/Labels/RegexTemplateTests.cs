using NodeCollector.Labels;

namespace NodeCollector.Tests.Labels;

public class RegexTemplateTests
{
    [Theory]
    [InlineData("$1", "a")]
    [InlineData("${1}", "a")]
    [InlineData("$1x", "")]
    [InlineData("${1}x", "ax")]
    [InlineData("$2$1", "ba")]
    [InlineData("$9", "")]
    [InlineData("$name", "b")]
    [InlineData("${name}-", "b-")]
    [InlineData("$unknown", "")]
    [InlineData("$$1", "$1")]
    [InlineData("${1", "${1")]
    [InlineData("$", "$")]
    [InlineData("$-", "$-")]
    [InlineData("$01", "")]
    [InlineData("no refs", "no refs")]
    public void Expands_like_go(string template, string expected)
    {
        Assert.True(Re2Regex.TryCreateAnchored("(a)(?P<name>b)", out var regex, out _));
        var match = regex!.Match("ab");

        Assert.Equal(expected, RegexTemplate.Expand(template, match, regex));
    }
}
