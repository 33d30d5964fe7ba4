namespace NodeCollector.Diagnostics;

/// <summary>How the collector writes its own log: <c>logfmt</c> text (default) or one JSON object per line.</summary>
internal enum LogFormat
{
    Logfmt,
    Json,
}
