namespace NodeCollector.Export.Loki;

/// <summary>Why entries were not stored: the reasons Loki gives in a 400 body, plus our own stream cap.</summary>
internal enum LokiDropReason
{
    OutOfOrder,
    TooOld,
    LineTooLong,
    RateLimited,
    StreamLimit,
    Other,
}

/// <summary>The <c>reason</c> label values of the drop counters.</summary>
internal static class LokiDropReasons
{
    public static readonly LokiDropReason[] All = Enum.GetValues<LokiDropReason>();

    public static string Label(LokiDropReason reason) => reason switch
    {
        LokiDropReason.OutOfOrder => "out_of_order",
        LokiDropReason.TooOld => "too_old",
        LokiDropReason.LineTooLong => "line_too_long",
        LokiDropReason.RateLimited => "rate_limited",
        LokiDropReason.StreamLimit => "stream_limit",
        _ => "other",
    };
}
