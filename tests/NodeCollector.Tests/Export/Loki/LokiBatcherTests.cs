using System.Text;
using NodeCollector.Export.Loki;
using NodeCollector.Labels;
using NodeCollector.Logs;
using NodeCollector.TestSupport;

namespace NodeCollector.Tests.Export.Loki;

/// <summary>
/// The batcher on a fake clock, with the test as the sender: batch cuts by size and wait, acknowledgements only when a
/// batch is finished, the stream cap, the memory bound, and the fair share that keeps a noisy source from starving a
/// quiet one. Entries of 84 bytes are charged 100 (line plus <see cref="LokiBatch.EntryOverhead"/>).
/// </summary>
public sealed class LokiBatcherTests : IDisposable
{
    private const int Charge = 100;
    private static readonly byte[] Line = Encoding.ASCII.GetBytes(new string('x', Charge - LokiBatch.EntryOverhead));
    private static readonly LabelSet StreamA = LabelSet.From([new Label("pod", "a")]);
    private static readonly LabelSet StreamB = LabelSet.From([new Label("pod", "b")]);

    private readonly FakeTimeProvider _time = new();
    private readonly LokiStats _stats = new();
    private readonly ListLogger _logger = new();
    private LokiBatcher _batcher = null!;

    public void Dispose() => _batcher.Dispose();

    [Fact]
    public async Task A_batch_is_cut_before_an_entry_would_take_it_past_batch_size()
    {
        Create(batchSize: 2 * Charge, budget: 10 * Charge);
        var source = new RecordingLogSource(1);
        WriteAdmitted(source, StreamA, 3);

        using var first = await _batcher.TakeAsync(CancellationToken.None);
        Assert.Equal((2, 2L * Charge), (first!.EntryCount, first.Bytes));
        Assert.Equal(3 * Charge, _batcher.BufferedBytes);
    }

    [Fact]
    public async Task The_open_batch_is_handed_out_once_batch_wait_has_passed_since_its_first_entry()
    {
        Create(batchSize: 100 * Charge, budget: 100 * Charge);
        var take = _batcher.TakeAsync(CancellationToken.None);
        await Write(new RecordingLogSource(1), StreamA, 1);
        await Poll.UntilAsync(() => _time.PendingTimers == 1, TimeSpan.FromSeconds(5), "the batch_wait timer");
        _time.Advance(TimeSpan.FromMilliseconds(999));
        await Task.Delay(20);
        Assert.False(take.IsCompleted);

        _time.Advance(TimeSpan.FromMilliseconds(1));

        using var batch = await take.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, batch!.EntryCount);
    }

    [Fact]
    public async Task Sources_are_acknowledged_only_when_their_batch_is_finished_up_to_their_last_entry()
    {
        Create(batchSize: 100 * Charge, budget: 100 * Charge);
        var one = new RecordingLogSource(1);
        var two = new RecordingLogSource(2);
        await Write(one, StreamA, 100);
        await Write(two, StreamB, 7);
        await Write(one, StreamB, 250);
        _batcher.BeginFlush();
        var batch = await _batcher.TakeAsync(CancellationToken.None);
        Assert.Empty(one.Acks);

        _batcher.Finish(batch!);

        Assert.Equal([250L], one.Acks);
        Assert.Equal([7L], two.Acks);
        Assert.Equal(0, _batcher.BufferedBytes);
        Assert.Null(await _batcher.TakeAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Entries_of_a_stream_past_max_streams_are_dropped_counted_logged_once_and_still_acknowledged()
    {
        Create(batchSize: 100 * Charge, budget: 100 * Charge, maxStreams: 1);
        var source = new RecordingLogSource(1);
        await Write(source, StreamA, 1);
        await Write(source, StreamB, 2);
        await Write(source, LabelSet.From([new Label("pod", "c")]), 3);
        _batcher.BeginFlush();
        var batch = await _batcher.TakeAsync(CancellationToken.None);

        Assert.Equal(1, batch!.EntryCount);
        Assert.Equal(2, _stats.Dropped(LokiDropReason.StreamLimit));
        Assert.Single(_logger.Entries, e => e.EventId == 7504);
        _batcher.Finish(batch);
        Assert.Equal([3L], source.Acks);
    }

    [Fact]
    public async Task A_full_buffer_makes_writers_wait_and_lets_them_in_when_a_batch_is_finished()
    {
        Create(batchSize: 2 * Charge, budget: 4 * Charge);
        var source = new RecordingLogSource(1);
        WriteAdmitted(source, StreamA, 4);

        var waiting = Write(source, StreamA, 5);
        Assert.False(waiting.IsCompleted);
        Assert.Equal(4 * Charge, _batcher.BufferedBytes);
        Assert.Equal(1, _batcher.WaitingWrites);

        _batcher.Finish((await _batcher.TakeAsync(CancellationToken.None))!);

        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(3 * Charge, _batcher.BufferedBytes);
        Assert.Equal([2L], source.Acks);
    }

    [Fact]
    public async Task A_sources_waiting_writes_get_in_in_order_even_when_a_later_one_would_fit_first()
    {
        Create(batchSize: 2 * Charge, budget: 4 * Charge);
        var source = new RecordingLogSource(1);
        WriteAdmitted(source, StreamA, 4);

        var big = _batcher.WriteAsync(source, StreamA, new LogEntry(5, new byte[(3 * Charge) - LokiBatch.EntryOverhead], 5), CancellationToken.None).AsTask();
        var small = Write(source, StreamA, 6);
        _batcher.Finish((await _batcher.TakeAsync(CancellationToken.None))!);

        // Two charges are free: the small write would fit, but the big one before it does not, so both wait.
        Assert.Equal(2 * Charge, _batcher.BufferedBytes);
        Assert.False(big.IsCompleted);
        Assert.False(small.IsCompleted);

        _batcher.Finish((await _batcher.TakeAsync(CancellationToken.None))!);
        await Task.WhenAll(big, small).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(4 * Charge, _batcher.BufferedBytes);
    }

    [Fact]
    public async Task A_noisy_source_is_held_to_its_fair_share_so_a_quiet_one_still_gets_in()
    {
        Create(batchSize: 100 * Charge, budget: 10 * Charge);
        var noisy = new RecordingLogSource(1);
        var quiet = new RecordingLogSource(2);
        var offset = 0;
        while (Write(noisy, StreamA, ++offset) is { IsCompleted: true })
        {
        }

        // Alone, the noisy source had the whole budget; the quiet one now waits for room.
        Assert.Equal(10 * Charge, _batcher.BufferedBytes);
        var quietFirst = Write(quiet, StreamB, 1);
        Assert.False(quietFirst.IsCompleted);

        _batcher.Finish((await _batcher.TakeAsync(CancellationToken.None))!);
        await quietFirst.WaitAsync(TimeSpan.FromSeconds(5));

        // Two sources share the budget: the noisy one stops at half of it and the quiet one is not blocked.
        Task noisyWrite;
        while ((noisyWrite = Write(noisy, StreamA, ++offset)).IsCompleted)
        {
        }

        Assert.Equal(5 * Charge, _batcher.BufferedBytes - Charge);
        Assert.True(Write(quiet, StreamB, 2).IsCompletedSuccessfully);
        Assert.True(Write(quiet, StreamB, 3).IsCompletedSuccessfully);
        Assert.False(noisyWrite.IsCompleted);
        Assert.InRange(_batcher.BufferedBytes, 0, 10 * Charge);
    }

    [Fact]
    public async Task A_waiting_write_can_be_cancelled_and_leaves_nothing_behind()
    {
        Create(batchSize: 100 * Charge, budget: Charge);
        var source = new RecordingLogSource(1);
        await Write(source, StreamA, 1);
        using var cancel = new CancellationTokenSource();
        var waiting = Write(source, StreamA, 2, cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(0, _batcher.WaitingWrites);
        Assert.Equal(Charge, _batcher.BufferedBytes);
    }

    [Fact]
    public async Task An_entry_larger_than_the_whole_buffer_goes_alone_rather_than_blocking_forever()
    {
        Create(batchSize: Charge, budget: Charge);
        var source = new RecordingLogSource(1);
        var big = new LogEntry(1, new byte[5 * Charge], 9);

        await _batcher.WriteAsync(source, StreamA, big, CancellationToken.None);
        var batch = await _batcher.TakeAsync(CancellationToken.None);

        Assert.Equal(5 * Charge, batch!.LineBytes);
        _batcher.Finish(batch);
        Assert.Equal([9L], source.Acks);
    }

    private void Create(long batchSize, long budget, int maxStreams = 100) =>
        _batcher = new LokiBatcher(batchSize, TimeSpan.FromSeconds(1), maxStreams, budget, _time, _stats, _logger);

    /// <summary>Writes entries at offsets 1 to <paramref name="count"/>, each of which must get in at once.</summary>
    private void WriteAdmitted(ILogSource source, LabelSet stream, int count)
    {
        for (var i = 1; i <= count; i++)
        {
            Assert.True(Write(source, stream, i).IsCompletedSuccessfully, $"write {i} is admitted at once");
        }
    }

    private Task Write(ILogSource source, LabelSet stream, long offset, CancellationToken cancellationToken = default) =>
        _batcher.WriteAsync(source, stream, new LogEntry(offset, Line, offset), cancellationToken).AsTask();
}
