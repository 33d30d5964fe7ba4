namespace NodeCollector.Logs;

/// <summary>The output stream of a container a log line came from; the <c>stream</c> label.</summary>
internal enum LogStream
{
    Stdout = 0,
    Stderr = 1,
}
