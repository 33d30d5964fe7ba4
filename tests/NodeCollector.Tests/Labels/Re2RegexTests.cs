using System.Diagnostics;
using System.Runtime.CompilerServices;
using NodeCollector.Labels;

namespace NodeCollector.Tests.Labels;

public class Re2RegexTests
{
    [Theory]
    [InlineData(@"\d+", "123", true)]
    [InlineData(@"\d+", "١٢٣", false)] // Arabic-Indic digits: RE2's \d is ASCII only.
    [InlineData(@"\w+", "héllo", false)]
    [InlineData(@"\s", "\u00a0", false)]
    [InlineData(@"[\d]+x", "12x", true)]
    [InlineData(@"[^\d]+", "ab", true)]
    [InlineData(@"[\D]+", "ab", true)]
    [InlineData(@"[\D]+", "a1", false)]
    [InlineData(@"[\W]+", "-+", true)]
    [InlineData(@"[[:alpha:]]+", "abcXYZ", true)]
    [InlineData(@"[[:digit:]]+", "12a", false)]
    [InlineData(@"a.c", "a\nc", true)]
    [InlineData(@"foo", "foo\n", false)] // Anchored with \z: a trailing newline is not ignored as .NET's $ would.
    [InlineData(@"foo$", "foo\n", false)]
    [InlineData(@"f|o", "foo", false)]
    [InlineData(@"\Qa.b\E", "a.b", true)]
    [InlineData(@"\Qa.b\E", "axb", false)]
    [InlineData(@"\x41\x{42}", "AB", true)]
    [InlineData(@"\101", "A", true)]
    [InlineData(@"(?i)abc", "ABC", true)]
    [InlineData(@"a{2,3}", "aaa", true)]
    [InlineData(@"a{,3}", "a{,3}", true)] // Not a repeat in RE2: a literal brace.
    [InlineData(@"\pL+", "abc", true)]
    [InlineData(@"[]a]+", "]a", true)]
    public void Matches_as_RE2_does(string pattern, string input, bool expected)
    {
        Assert.True(Re2Regex.TryCreateAnchored(pattern, out var regex, out var error), error);
        Assert.Equal(expected, regex!.IsMatch(input));
    }

    [Theory]
    [InlineData(@"(a)\1", "backreferences are not supported")]
    [InlineData(@"(?P<x>a)(?P=x)", "backreferences are not supported")]
    [InlineData(@"a(?=b)", "lookahead and lookbehind are not supported")]
    [InlineData(@"(?<!a)b", "lookahead and lookbehind are not supported")]
    [InlineData(@"(?>a+)b", "atomic groups are not supported")]
    [InlineData(@"a**", "bad repetition operator")]
    [InlineData(@"a*+", "bad repetition operator")]
    [InlineData(@"a{1001}", "invalid repeat count")]
    [InlineData(@"(?U)a+", "ungreedy flag")]
    [InlineData(@"\k<x>", "invalid escape sequence")]
    [InlineData(@"\Z", "invalid escape sequence")]
    [InlineData(@"[[:alpah:]]", "invalid character class range")]
    [InlineData(@"(unclosed", "invalid regular expression")]
    [InlineData(@"[a-", "missing closing ]")]
    [InlineData(@"\", "trailing backslash")]
    public void Rejects_what_RE2_rejects_with_a_clear_message(string pattern, string messagePart)
    {
        Assert.False(Re2Regex.TryCreateAnchored(pattern, out _, out var error));
        Assert.Contains(messagePart, error, StringComparison.Ordinal);
        Assert.Contains(pattern, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pattern_that_backtracks_catastrophically_elsewhere_runs_in_linear_time()
    {
        Assert.True(Re2Regex.TryCreateAnchored("(a+)+b", out var regex, out _));
        var input = new string('a', 50_000);
        var clock = Stopwatch.StartNew();

        Assert.False(regex!.IsMatch(input));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Unanchored_patterns_search()
    {
        Assert.True(Re2Regex.TryCreateUnanchored(@"^(z?ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\d+n\d+p)\d+$", out var regex, out _));

        Assert.True(regex!.IsMatch("sda1"));
        Assert.True(regex.IsMatch("nvme0n1p2"));
        Assert.False(regex.IsMatch("nvme0n1"));
        Assert.False(regex.IsMatch("dm-0"));
    }

    [Fact]
    public void Rules_with_the_same_pattern_share_one_compiled_regex()
    {
        Assert.True(Re2Regex.TryCreateAnchored("shared-(.+)", out var first, out _));
        Assert.True(Re2Regex.TryCreateAnchored("shared-(.+)", out var second, out _));
        Assert.True(Re2Regex.TryCreateUnanchored("shared-(.+)", out var search, out _));

        Assert.Same(first!.Regex, second!.Regex);
        Assert.NotSame(first.Regex, search!.Regex);
        Assert.False(first.IsMatch("x-shared-a"));
        Assert.True(search.IsMatch("x-shared-a"));
    }

    [Fact]
    public void A_compiled_regex_no_rule_holds_is_collected()
    {
        var compiled = CompileAndForget("collected-(\\d+)");
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(compiled.TryGetTarget(out _));
        Assert.True(Re2Regex.TryCreateAnchored("collected-(\\d+)", out var again, out _));
        Assert.True(again!.IsMatch("collected-42"));
    }

    [Theory]
    [InlineData(@"^(z?ram|loop)\d+$", true, null)]
    [InlineData(@"(a)\1", false, "backreferences are not supported")]
    [InlineData(@"(unclosed", false, "invalid regular expression")]
    public void Validation_alone_says_what_compiling_would(string pattern, bool valid, string? messagePart)
    {
        Assert.Equal(valid, Re2Regex.IsValid(pattern, out var error));
        Assert.Equal(valid, Re2Regex.TryCreateUnanchored(pattern, out _, out var compileError));
        if (!valid)
        {
            Assert.Contains(messagePart!, error, StringComparison.Ordinal);
            Assert.Equal(compileError, error);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference<System.Text.RegularExpressions.Regex> CompileAndForget(string pattern)
    {
        Assert.True(Re2Regex.TryCreateAnchored(pattern, out var regex, out _));
        return new WeakReference<System.Text.RegularExpressions.Regex>(regex!.Regex);
    }
}
