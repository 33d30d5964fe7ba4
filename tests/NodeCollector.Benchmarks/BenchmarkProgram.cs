using BenchmarkDotNet.Running;

namespace NodeCollector.Benchmarks;

/// <summary>Run with: <c>dotnet run -c Release --project tests/NodeCollector.Benchmarks -- --filter '*'</c>.</summary>
public static class BenchmarkProgram
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
}
