namespace NodeCollector.Logs;

/// <summary>What a file in a container's log directory is: the file the runtime writes, a rotated one, or a compressed rotated one.</summary>
internal enum LogFileKind
{
    Other = 0,
    Live = 1,
    Rotated = 2,
    Compressed = 3,
}
