using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization.Metadata;

namespace NodeCollector.Kubernetes.Api;

/// <summary>
/// The body of an accepted watch response, read event by event. <paramref name="deadline"/> fires when the
/// server should long have ended the stream; reading then ends with a <see cref="TimeoutException"/>.
/// </summary>
internal sealed class HttpWatchStream<T>(
    HttpResponseMessage response,
    Stream body,
    JsonTypeInfo<T> objectType,
    CancellationTokenSource deadline) : IWatchStream<T>
    where T : class, IKubernetesObject
{
    public async IAsyncEnumerable<WatchEvent<T>> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var reader = PipeReader.Create(body, new StreamPipeReaderOptions(bufferSize: 16 * 1024, leaveOpen: true));
        await using var enumerator = WatchLineReader.ReadAsync(reader, objectType, linked.Token).GetAsyncEnumerator(linked.Token);
        try
        {
            while (await MoveNextAsync(enumerator, cancellationToken).ConfigureAwait(false))
            {
                yield return enumerator.Current;
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await body.DisposeAsync().ConfigureAwait(false);
        response.Dispose();
        deadline.Dispose();
    }

    private async ValueTask<bool> MoveNextAsync(IAsyncEnumerator<WatchEvent<T>> enumerator, CancellationToken cancellationToken)
    {
        try
        {
            return await enumerator.MoveNextAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException("the watch outlived its deadline without data; the server may hang");
        }
    }
}
