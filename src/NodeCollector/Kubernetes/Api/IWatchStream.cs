namespace NodeCollector.Kubernetes.Api;

/// <summary>
/// An open watch whose request the server accepted. Reading throws <see cref="WatchStreamException"/> for
/// input that cannot be applied, <see cref="IOException"/> or <see cref="System.Net.Http.HttpRequestException"/>
/// when the connection drops, and <see cref="TimeoutException"/> when the stream outlives its deadline.
/// The enumeration ends normally when the server closes the stream (its <c>timeoutSeconds</c> elapsed).
/// </summary>
internal interface IWatchStream<T> : IAsyncDisposable
    where T : class, IKubernetesObject
{
    IAsyncEnumerable<WatchEvent<T>> ReadEventsAsync(CancellationToken cancellationToken);
}
