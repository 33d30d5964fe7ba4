using NodeCollector.Export.Loki;

namespace NodeCollector.Tests.Export.Loki;

/// <summary>Counting rejected entries by reason from the text of a Loki 400.</summary>
public sealed class LokiRejectionsTests
{
    [Fact]
    public void Listed_lines_give_the_reasons_and_the_summary_the_count()
    {
        const string Body = """
            entry with timestamp 2024-01-01 12:00:00 +0000 UTC ignored, reason: 'entry out of order' for stream: {pod="a"},
            entry with timestamp 2024-01-01 12:00:00 +0000 UTC ignored, reason: 'entry too far behind, entry timestamp is: x' for stream: {pod="a"},
            entry for stream '{pod="b"}' has timestamp too old: 2020-01-01T00:00:00Z, oldest acceptable timestamp is: 2024-01-01T00:00:00Z
            user 'fake', total ignored: 30 out of 100
            """;

        var counts = LokiRejections.Parse(Body, entriesInBatch: 100);

        Assert.Equal(29, counts[(int)LokiDropReason.OutOfOrder]);
        Assert.Equal(1, counts[(int)LokiDropReason.TooOld]);
        Assert.Equal(30, counts.Sum());
    }

    [Theory]
    [InlineData("Max entry size '256' bytes exceeded for stream '{pod=\"a\"}' while adding an entry with length '300' bytes", "LineTooLong")]
    [InlineData("line too long", "LineTooLong")]
    [InlineData("Per stream rate limit exceeded (limit: 3MB/sec)", "RateLimited")]
    [InlineData("error at least one label pair is required per stream", "Other")]
    public void Each_line_names_one_reason(string line, string expected) => Assert.Equal(Enum.Parse<LokiDropReason>(expected), LokiRejections.Classify(line));

    [Theory]
    [InlineData("")]
    [InlineData("user 'fake', total ignored: 0 out of 7")]
    public void A_body_that_names_no_entry_counts_the_whole_batch_as_other_unless_it_says_how_many(string body)
    {
        var counts = LokiRejections.Parse(body, entriesInBatch: 7);

        Assert.Equal(body.Length == 0 ? 7 : 0, counts[(int)LokiDropReason.Other]);
        Assert.Equal(body.Length == 0 ? 7 : 0, counts.Sum());
    }

    [Fact]
    public void More_listed_lines_than_entries_are_capped_at_the_batch()
    {
        var counts = LokiRejections.Parse("line too long\nline too long\nline too long\n", entriesInBatch: 2);

        Assert.Equal(2, counts[(int)LokiDropReason.LineTooLong]);
        Assert.Equal(2, counts.Sum());
    }
}
