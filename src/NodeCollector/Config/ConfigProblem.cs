namespace NodeCollector.Config;

/// <summary>One thing wrong with a configuration file, located by file, line, column and key path.</summary>
internal sealed record ConfigProblem(string File, int Line, int Column, string KeyPath, string Message)
{
    public override string ToString() =>
        Line > 0 ? $"{File}:{Line}:{Column}: {KeyPath}: {Message}" : $"{File}: {KeyPath}: {Message}";
}
