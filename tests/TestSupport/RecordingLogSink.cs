using NodeCollector.Labels;
using NodeCollector.Logs;

namespace NodeCollector.TestSupport;

/// <summary>
/// An <see cref="ILogSink"/> that records every entry (bytes copied) with its labels and source. It acknowledges at
/// once, or holds entries until <see cref="AcknowledgeAll"/> when <see cref="AutoAcknowledge"/> is off; with a
/// <see cref="Capacity"/> it stops accepting (the write stays pending) while that many entries are unacknowledged.
/// </summary>
internal sealed class RecordingLogSink : ILogSink
{
    private readonly Lock _gate = new();
    private readonly List<RecordedLogEntry> _entries = [];
    private readonly List<(ILogSource Source, long Offset)> _unacked = [];
    private TaskCompletionSource _room = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool AutoAcknowledge { get; init; } = true;

    public int Capacity { get; init; } = int.MaxValue;

    public IReadOnlyList<RecordedLogEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public int Unacknowledged
    {
        get
        {
            lock (_gate)
            {
                return _unacked.Count;
            }
        }
    }

    public async ValueTask WriteAsync(ILogSource source, LabelSet streamLabels, LogEntry entry, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                if (_unacked.Count < Capacity)
                {
                    _entries.Add(new RecordedLogEntry(source, streamLabels, entry.TimestampUnixNanos, entry.Line.ToArray(), entry.ResumeOffset));
                    if (AutoAcknowledge)
                    {
                        source.Acknowledge(entry.ResumeOffset);
                    }
                    else
                    {
                        _unacked.Add((source, entry.ResumeOffset));
                    }

                    return;
                }

                wait = _room.Task;
            }

            await wait.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Acknowledges every entry held so far, in order, as the Loki sender does after a push was accepted.</summary>
    public void AcknowledgeAll()
    {
        List<(ILogSource Source, long Offset)> held;
        TaskCompletionSource room;
        lock (_gate)
        {
            held = [.. _unacked];
            _unacked.Clear();
            room = _room;
            _room = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        foreach (var (source, offset) in held)
        {
            source.Acknowledge(offset);
        }

        room.TrySetResult();
    }
}

/// <summary>One entry as the recording sink received it.</summary>
internal sealed record RecordedLogEntry(ILogSource Source, LabelSet Labels, long TimestampUnixNanos, byte[] LineBytes, long ResumeOffset)
{
    public string Line => System.Text.Encoding.UTF8.GetString(LineBytes);

    public string Stream => Labels.Get("stream");
}
