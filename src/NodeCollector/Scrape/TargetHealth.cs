namespace NodeCollector.Scrape;

/// <summary>The outcome of a target's latest scrape, as the status API shows it.</summary>
internal sealed record TargetHealth(string State, string LastError, DateTimeOffset? LastScrape, TimeSpan LastScrapeDuration)
{
    public static readonly TargetHealth Unknown = new("unknown", "", null, TimeSpan.Zero);
}
