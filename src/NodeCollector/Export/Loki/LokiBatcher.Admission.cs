using NodeCollector.Labels;
using NodeCollector.Logs;

namespace NodeCollector.Export.Loki;

/// <summary>
/// Admission into the buffer: a write fits while the buffer is under <c>buffer_size</c> and its source under its fair
/// share (the budget divided by the sources holding or waiting); otherwise it waits, in order per source, until
/// finished batches free room or its cancellation removes it.
/// </summary>
internal sealed partial class LokiBatcher
{
    private bool CanAdmit(SourceShare? share, long size)
    {
        if (_buffered == 0)
        {
            return true;
        }

        if (_buffered + size > _budget)
        {
            return false;
        }

        var held = share?.Bytes ?? 0;
        if (held == 0)
        {
            return true;
        }

        var active = _shares.Count + (share is null ? 1 : 0);
        return held + size <= _budget / active;
    }

    /// <summary>
    /// Admits waiting writes in arrival order, each only if it is its source's first one still waiting. A source
    /// whose write stays waiting is marked for the rest of the pass, so the pass is linear in the waiting writes (it
    /// looked back through the list for each, which with 500 waiting tailers was 125,000 steps per finished batch).
    /// </summary>
    private void AdmitWaiting()
    {
        var pass = ++_admitPass;
        var node = _waiting.First;
        while (node is not null)
        {
            var next = node.Next;
            var pending = node.Value;
            var share = _shares[pending.Source];
            if (share.BlockedInPass != pass && CanAdmit(share, pending.Size))
            {
                _waiting.Remove(node);
                share.Waiting--;
                Admit(pending.Source, pending.Labels, pending.Entry, pending.Size, share);
                pending.Registration.Unregister();
                pending.TrySetResult();
            }
            else
            {
                share.BlockedInPass = pass;
            }

            node = next;
        }
    }

    private void Cancel(PendingWrite pending)
    {
        lock (_gate)
        {
            if (pending.Node?.List is null)
            {
                return;
            }

            _waiting.Remove(pending.Node);
            var share = _shares[pending.Source];
            share.Waiting--;
            RemoveIfIdle(pending.Source, share);
            AdmitWaiting();
        }

        pending.TrySetCanceled();
    }

    private SourceShare AddShare(ILogSource source)
    {
        var share = new SourceShare();
        _shares.Add(source, share);
        return share;
    }

    private void RemoveIfIdle(ILogSource source, SourceShare share)
    {
        if (share.Bytes == 0 && share.Waiting == 0)
        {
            _shares.Remove(source);
        }
    }

    /// <summary>What one source holds in the buffer and how many of its writes wait.</summary>
    private sealed class SourceShare
    {
        public long Bytes { get; set; }

        public int Waiting { get; set; }

        /// <summary>The <see cref="AdmitWaiting"/> pass in which a write of this source stayed waiting.</summary>
        public long BlockedInPass { get; set; }
    }

    /// <summary>A write waiting for room; completes once its entry is copied into a batch.</summary>
    private sealed class PendingWrite(ILogSource source, LabelSet labels, LogEntry entry, long size)
        : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public ILogSource Source { get; } = source;

        public LabelSet Labels { get; } = labels;

        public LogEntry Entry { get; } = entry;

        public long Size { get; } = size;

        public LinkedListNode<PendingWrite>? Node { get; set; }

        public LokiBatcher? Owner { get; set; }

        public CancellationTokenRegistration Registration { get; set; }
    }
}
