using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization.Metadata;

namespace NodeCollector.Kubernetes.Api;

/// <summary>
/// Reads a watch body as newline-separated JSON events from a <see cref="PipeReader"/>. A line that spans
/// buffer segments is parsed in place as a multi-segment sequence (no copy). Blank lines are skipped.
/// </summary>
internal static class WatchLineReader
{
    /// <summary>Longest event accepted: a pod is a few kB; 16 MiB bounds memory against a broken server.</summary>
    public const long MaxLineBytes = 16 * 1024 * 1024;

    public static async IAsyncEnumerable<WatchEvent<T>> ReadAsync<T>(
        PipeReader reader,
        JsonTypeInfo<T> objectType,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class, IKubernetesObject
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            while (TryTakeLine(ref buffer, out var line))
            {
                if (IsBlank(line))
                {
                    continue;
                }

                if (!WatchEventParser.TryParse(line, objectType, out var watchEvent, out var failure, out var problem))
                {
                    throw new WatchStreamException(failure, problem);
                }

                yield return watchEvent!;
            }

            if (buffer.Length > MaxLineBytes)
            {
                throw new WatchStreamException(WatchStreamFailure.LineTooLong, $"an event is longer than {MaxLineBytes} bytes");
            }

            var truncated = result.IsCompleted && !IsBlank(buffer);
            var completed = result.IsCompleted;
            reader.AdvanceTo(buffer.Start, buffer.End);
            if (truncated)
            {
                throw new WatchStreamException(WatchStreamFailure.Truncated, "the stream ended inside an event");
            }

            if (completed)
            {
                yield break;
            }
        }
    }

    private static bool TryTakeLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        var newline = buffer.PositionOf((byte)'\n');
        if (newline is null)
        {
            line = default;
            return false;
        }

        line = buffer.Slice(0, newline.Value);
        buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
        return true;
    }

    private static bool IsBlank(in ReadOnlySequence<byte> bytes)
    {
        foreach (var segment in bytes)
        {
            foreach (var b in segment.Span)
            {
                if (b is not ((byte)' ' or (byte)'\r' or (byte)'\t'))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
