using System.Globalization;
using System.Text.RegularExpressions;
using HostMocks.Soak;
using NodeCollector.TestSupport;
using Xunit.Abstractions;

namespace NodeCollector.IntegrationTests.Soak;

/// <summary>
/// The CI soak: two minutes of the whole demo node with every fault of the schedule injected once, then the
/// reconciliation. Passes only with no sample and no line lost, the pod snapshot equal to the fake API, peak RSS
/// under the budget plus overhead, and a clean exit; the table lands in the test output either way.
/// </summary>
public sealed partial class SoakRunTests(ITestOutputHelper output)
{
    [ToolFact("prometheus", "prometheus")]
    public async Task Two_minutes_of_faults_lose_no_sample_and_no_line()
    {
        var progress = new StringWriter();
        var report = await SoakRunner.RunAsync(new SoakOptions { Duration = TimeSpan.FromMinutes(2) }, progress);
        output.WriteLine(progress.ToString());
        output.WriteLine(report.ToString());

        Assert.Equal(SoakFaults.Names.Length, report.Faults.Select(f => f.Name).Distinct().Count());
        Assert.Empty(report.Failures);
        // The full disk must have refused appends, counted by the collector. Whether the tracked self-scrape round is
        // among them depends on timing: one CI run counted 4 refused appends while every self-scrape round arrived.
        var diskFull = report.Faults.Where(f => f.Name == SoakFaults.DiskFull).Select(f => f.Observed).ToList();
        var refused = diskFull.Select(o => AppendFailures().Match(o)).Where(m => m.Success).Sum(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        Assert.True(refused > 0, "the full disk refused WAL appends and the collector counted them: " + string.Join("; ", diskFull));
        Assert.True(report.Lines.Written > 5_000, $"only {report.Lines.Written} lines written");
    }

    [GeneratedRegex(@"WAL append failures counted (\d+)")]
    private static partial Regex AppendFailures();
}
