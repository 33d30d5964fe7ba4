namespace NodeCollector.Logs;

/// <summary>How a CRI line parsed: fully, with a timestamp that is not RFC 3339 (the rest is usable), or not at all.</summary>
internal enum CriParseStatus
{
    Ok = 0,
    BadTimestamp = 1,
    Malformed = 2,
}
