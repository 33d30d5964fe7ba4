namespace NodeCollector.Scrape;

/// <summary>Why a scrape's body was rejected: the 1-based line and what was wrong there.</summary>
internal sealed record ExpositionParseError(int Line, string Reason)
{
    public override string ToString() => $"line {Line}: {Reason}";
}
