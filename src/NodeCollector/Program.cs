namespace NodeCollector;

internal static class Program
{
    public static Task<int> Main(string[] args) =>
        CollectorCommand.RunAsync(args, Console.Out, Console.Error, Environment.GetEnvironmentVariable, CancellationToken.None);
}
