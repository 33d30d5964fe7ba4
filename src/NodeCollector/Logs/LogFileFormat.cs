namespace NodeCollector.Logs;

/// <summary>The line format of a container log file, told by its first byte.</summary>
internal enum LogFileFormat
{
    Unknown = 0,
    Cri = 1,
    DockerJson = 2,
}
