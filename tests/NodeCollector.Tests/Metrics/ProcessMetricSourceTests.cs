using System.Buffers;
using System.Globalization;
using System.Text;
using NodeCollector.Metrics;

namespace NodeCollector.Tests.Metrics;

public sealed class ProcessMetricSourceTests : IDisposable
{
    // comm with a space and parentheses: only the last ")" ends it.
    private const string Stat =
        "4242 (node (collector)) S 1 4242 4242 0 -1 4194560 1000 0 0 0 150 75 3 4 20 0 12 0 12345 1073741824 2560 " +
        "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";

    private const string Limits =
        """
        Limit                     Soft Limit           Hard Limit           Units
        Max cpu time              unlimited            unlimited            seconds
        Max open files            1048576              1048576              files
        Max locked memory         8388608              8388608              bytes
        Max address space         unlimited            unlimited            bytes
        Max realtime timeout      unlimited            unlimited            us

        """;

    private const string SystemStat =
        """
        cpu  10 0 10 100 0 0 0 0 0 0
        cpu0 10 0 10 100 0 0 0 0 0 0
        intr 1 2 3
        ctxt 100
        btime 1700000000
        processes 10

        """;

    private readonly string _root = Directory.CreateTempSubdirectory("nodecollector-proc-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Writes_the_client_golang_process_metrics_from_proc_files()
    {
        WriteProc(Stat, Limits, SystemStat, fds: 4);

        Assert.Equal(
            """
            # HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.
            # TYPE process_cpu_seconds_total counter
            process_cpu_seconds_total 2.25
            # HELP process_max_fds Maximum number of open file descriptors.
            # TYPE process_max_fds gauge
            process_max_fds 1.048576e+06
            # HELP process_open_fds Number of open file descriptors.
            # TYPE process_open_fds gauge
            process_open_fds 4
            # HELP process_resident_memory_bytes Resident memory size in bytes.
            # TYPE process_resident_memory_bytes gauge
            process_resident_memory_bytes 1.048576e+07
            # HELP process_start_time_seconds Start time of the process since unix epoch in seconds.
            # TYPE process_start_time_seconds gauge
            process_start_time_seconds 1.70000012345e+09
            # HELP process_virtual_memory_bytes Virtual memory size in bytes.
            # TYPE process_virtual_memory_bytes gauge
            process_virtual_memory_bytes 1.073741824e+09
            # HELP process_virtual_memory_max_bytes Maximum amount of virtual memory available in bytes.
            # TYPE process_virtual_memory_max_bytes gauge
            process_virtual_memory_max_bytes 1.8446744073709552e+19

            """,
            Render(new ProcessMetricSource(_root, pageSize: 4096)));
    }

    [Fact]
    public void A_finite_address_space_limit_is_written_as_is()
    {
        WriteProc(Stat, Limits.Replace("Max address space         unlimited", "Max address space         4294967296", StringComparison.Ordinal), SystemStat, fds: 1);

        Assert.Contains("process_virtual_memory_max_bytes 4.294967296e+09\n", Render(new ProcessMetricSource(_root, 4096)), StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_or_broken_files_leave_out_only_their_families()
    {
        WriteProc("4242 (x) S 1 2 3", limits: null, systemStat: null, fds: null);

        Assert.Equal("", Render(new ProcessMetricSource(_root, 4096)));

        WriteProc(Stat, "Limit  Soft Limit\nMax open files            lots                 lots                 files\n", systemStat: null, fds: 2);

        Assert.Equal(
            [
                "process_cpu_seconds_total",
                "process_open_fds",
                "process_resident_memory_bytes",
                "process_virtual_memory_bytes",
            ],
            FamilyNames(new ProcessMetricSource(_root, 4096)));
    }

    [Fact]
    public void Stat_without_a_comm_or_with_garbage_fields_is_rejected()
    {
        Assert.False(ProcessStat.TryParse("4242 no comm here"u8, out _));
        Assert.False(ProcessStat.TryParse("4242 (x) S 1 1 1 0 -1 0 0 0 0 0 abc 75 0 0 20 0 1 0 1 2 3\n"u8, out _));
        Assert.True(ProcessStat.TryParse("4242 (x) S 1 1 1 0 -1 0 0 0 0 0 150 75 0 0 20 0 1 0 1 2 -3\n"u8, out var stat));
        Assert.Equal(new ProcessStat(150, 75, 1, 2, -3), stat);
    }

    [Fact]
    public void Reads_this_process_from_the_real_proc()
    {
        var recorder = new RecordingMetricWriter();

        new ProcessMetricSource().Collect(recorder);

        Assert.Equal(7, recorder.Families.Count);
        var values = recorder.Samples.ToDictionary(sample => sample.Name, sample => sample.Value);
        Assert.True(values["process_cpu_seconds_total"] > 0);
        Assert.True(values["process_open_fds"] > 3);
        Assert.True(values["process_max_fds"] >= values["process_open_fds"]);
        Assert.True(values["process_resident_memory_bytes"] > 1 << 20);
        Assert.True(values["process_virtual_memory_bytes"] > values["process_resident_memory_bytes"]);
        Assert.True(values["process_virtual_memory_max_bytes"] > 0);
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
        Assert.InRange(values["process_start_time_seconds"], now - 3600, now + 5);
    }

    private void WriteProc(string stat, string? limits, string? systemStat, int? fds)
    {
        var self = Directory.CreateDirectory(Path.Combine(_root, "self")).FullName;
        File.WriteAllText(Path.Combine(self, "stat"), stat);
        WriteOrDelete(Path.Combine(self, "limits"), limits);
        WriteOrDelete(Path.Combine(_root, "stat"), systemStat);
        var fdDir = Path.Combine(self, "fd");
        if (Directory.Exists(fdDir))
        {
            Directory.Delete(fdDir, recursive: true);
        }

        if (fds is { } count)
        {
            Directory.CreateDirectory(fdDir);
            for (var i = 0; i < count; i++)
            {
                File.WriteAllText(Path.Combine(fdDir, i.ToString(CultureInfo.InvariantCulture)), "");
            }
        }
    }

    private static void WriteOrDelete(string path, string? content)
    {
        if (content is null)
        {
            File.Delete(path);
        }
        else
        {
            File.WriteAllText(path, content);
        }
    }

    private static List<string> FamilyNames(ProcessMetricSource source)
    {
        var recorder = new RecordingMetricWriter();
        source.Collect(recorder);
        return recorder.Families.Select(family => family.Name).ToList();
    }

    private static string Render(ProcessMetricSource source)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new TextExpositionWriter(buffer, ExpositionFormat.PrometheusText);
        source.Collect(writer);
        writer.Complete();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
