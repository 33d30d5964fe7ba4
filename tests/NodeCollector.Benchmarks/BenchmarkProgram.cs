using System.Globalization;
using BenchmarkDotNet.Running;

namespace NodeCollector.Benchmarks;

/// <summary>
/// Run with: <c>dotnet run -c Release --project tests/NodeCollector.Benchmarks -- --filter '*'</c>;
/// <c>-- host-cpu [N]</c> measures CPU time and allocations per host collection without BenchmarkDotNet;
/// <c>-- scrape-cpu [N]</c> the same for parse + relabel + append of the cAdvisor fixture, <c>-- encode-cpu [N]</c>
/// for remote-write encode + compress, <c>-- snappy-cpu [N]</c> for snappy alone on a Loki push, <c>-- regex-memory [N]</c> the memory relabel regexes keep; <c>-- load</c>, <c>-- capacity</c> and <c>-- side-by-side</c> run collectors
/// against the target simulator (see LoadCommands); <c>-- logs-e2e</c> ships CRI log files through the collector
/// process to a fake Loki (see LogsE2eCommand).
/// </summary>
public static class BenchmarkProgram
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] is "load" or "capacity" or "side-by-side")
        {
            Load.LoadCommands.RunAsync(args).GetAwaiter().GetResult();
            return;
        }

        if (args.Length > 0 && args[0] == "logs-e2e")
        {
            Environment.Exit(Logs.LogsE2eCommand.RunAsync(args).GetAwaiter().GetResult());
        }

        if (args.Length > 0 && args[0] == "host-cpu")
        {
            HostCpuMeasurement.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000);
            return;
        }

        if (args.Length > 0 && args[0] == "wal-bytes")
        {
            Export.WalBytesMeasurement.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000);
            return;
        }

        if (args.Length > 0 && args[0] == "encode-cpu")
        {
            Export.EncodeCpuMeasurement.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000);
            return;
        }

        if (args.Length > 0 && args[0] == "snappy-cpu")
        {
            Export.SnappyCpuMeasurement.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300);
            return;
        }

        if (args.Length > 0 && args[0] == "scrape-cpu")
        {
            Scrape.ScrapeCpuMeasurement.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000);
            return;
        }

        if (args.Length > 0 && args[0] == "regex-memory")
        {
            Labels.RegexMemoryMeasurement.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
    }
}
