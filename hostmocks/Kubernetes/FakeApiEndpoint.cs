using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using NodeCollector.Kubernetes.Api;

namespace HostMocks.Kubernetes;

/// <summary>
/// The HTTP side of the fake API server: bearer-token check, <c>GET /api/v1/pods</c> and <c>/api/v1/nodes</c>
/// as list (field selector, <c>limit</c>/<c>continue</c>) or watch (chunked JSON lines from
/// <c>resourceVersion</c>, bookmarks, <c>timeoutSeconds</c>, 410 for a version older than the history).
/// </summary>
internal sealed class FakeApiEndpoint(FakeClusterState cluster, FakeApiFaults faults, Func<string> currentToken)
{
    private int _requests;
    private int _lists;
    private int _watches;
    private int _unauthorized;

    public int Requests => Volatile.Read(ref _requests);

    public int Lists => Volatile.Read(ref _lists);

    public int Watches => Volatile.Read(ref _watches);

    public int Unauthorized => Volatile.Read(ref _unauthorized);

    /// <summary>Answer an expired watch with HTTP 410 instead of the API server's usual 200 + ERROR event.</summary>
    public bool ExpiredWatchAsHttpStatus { get; set; }

    public async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        if (faults.TakeHang())
        {
            await WaitForAbortAsync(context).ConfigureAwait(false);
            return;
        }

        if (faults.TakeFailure(out var failure))
        {
            await WriteStatusAsync(context, failure, "InternalError", "injected failure").ConfigureAwait(false);
            return;
        }

        if (context.Request.Headers.Authorization.ToString() != "Bearer " + currentToken())
        {
            Interlocked.Increment(ref _unauthorized);
            await WriteStatusAsync(context, 401, "Unauthorized", "Unauthorized").ConfigureAwait(false);
            return;
        }

        var kind = context.Request.Path.Value switch
        {
            "/api/v1/pods" => FakeObjectKind.Pod,
            "/api/v1/nodes" => FakeObjectKind.Node,
            _ => (FakeObjectKind?)null,
        };
        if (kind is null || !HttpMethods.IsGet(context.Request.Method))
        {
            await WriteStatusAsync(context, 404, "NotFound", "the server could not find the requested resource").ConfigureAwait(false);
            return;
        }

        var query = context.Request.Query;
        if (!FieldSelector.TryParse(query["fieldSelector"], kind.Value, out var selector, out var problem))
        {
            await WriteStatusAsync(context, 400, "BadRequest", problem).ConfigureAwait(false);
            return;
        }

        if (query["watch"] is { Count: > 0 } watch && (watch == "1" || watch == "true"))
        {
            Interlocked.Increment(ref _watches);
            await WatchAsync(context, kind.Value, selector).ConfigureAwait(false);
            return;
        }

        Interlocked.Increment(ref _lists);
        if (kind == FakeObjectKind.Pod)
        {
            await ListPodsAsync(context, selector).ConfigureAwait(false);
        }
        else
        {
            await ListNodesAsync(context, selector).ConfigureAwait(false);
        }
    }

    private async Task ListPodsAsync(HttpContext context, FieldSelector selector)
    {
        var query = context.Request.Query;
        var limit = int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0 ? parsed : int.MaxValue;
        long? continueFrom = null;
        var after = "";
        if (query["continue"] is { Count: > 0 } token && !string.IsNullOrEmpty(token))
        {
            if (!TryDecodeContinue(token!, out var version, out after))
            {
                await WriteStatusAsync(context, 400, "BadRequest", "invalid continue token").ConfigureAwait(false);
                return;
            }

            continueFrom = version;
        }

        var (pods, resourceVersion) = cluster.PodsForList(continueFrom);
        if (pods is null)
        {
            await WriteStatusAsync(context, 410, "Expired", "The provided continue parameter is too old to display a consistent list result.").ConfigureAwait(false);
            return;
        }

        var items = new List<V1Pod>();
        string? next = null;
        foreach (var (key, pod) in pods)
        {
            if (string.CompareOrdinal(key, after) <= 0 || !selector.Matches(pod.Metadata?.Name, pod.Spec?.NodeName))
            {
                continue;
            }

            if (items.Count == limit)
            {
                next = EncodeContinue(resourceVersion, Key(items[^1]));
                break;
            }

            items.Add(pod);
        }

        var list = new V1PodList
        {
            ApiVersion = "v1",
            Kind = "PodList",
            Metadata = new V1ListMeta { ResourceVersion = resourceVersion.ToString(CultureInfo.InvariantCulture), Continue = next },
            Items = items,
        };
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, list, KubernetesJsonContext.Default.V1PodList, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task ListNodesAsync(HttpContext context, FieldSelector selector)
    {
        var (nodes, resourceVersion) = cluster.NodesForList();
        var items = new List<V1Node>();
        foreach (var node in nodes.Values)
        {
            if (selector.Matches(node.Metadata?.Name, null))
            {
                items.Add(node);
            }
        }

        var list = new V1NodeList
        {
            ApiVersion = "v1",
            Kind = "NodeList",
            Metadata = new V1ListMeta { ResourceVersion = resourceVersion.ToString(CultureInfo.InvariantCulture) },
            Items = items,
        };
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, list, KubernetesJsonContext.Default.V1NodeList, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task WatchAsync(HttpContext context, FakeObjectKind kind, FieldSelector selector)
    {
        var query = context.Request.Query;
        long? from = null;
        var requested = query["resourceVersion"].ToString();
        if (requested.Length > 0 && requested != "0")
        {
            if (!long.TryParse(requested, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                await WriteStatusAsync(context, 400, "BadRequest", "invalid resourceVersion").ConfigureAwait(false);
                return;
            }

            from = version;
        }

        var timeout = long.TryParse(query["timeoutSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromMinutes(30);
        var session = new FakeWatchSession(kind, selector, query["allowWatchBookmarks"] == "true", context);
        if (!cluster.OpenWatch(session, from, out var oldest))
        {
            if (ExpiredWatchAsHttpStatus)
            {
                await WriteStatusAsync(context, 410, "Expired", $"too old resource version: {from} ({oldest})").ConfigureAwait(false);
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(FakeWatchEvents.Expired(from!.Value, oldest), context.RequestAborted).ConfigureAwait(false);
            return;
        }

        try
        {
            context.Response.ContentType = "application/json";
            await context.Response.StartAsync(context.RequestAborted).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            await StreamAsync(context, session, timeout).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away, or a test dropped the connection.
        }
        catch (IOException)
        {
            // The connection broke while writing.
        }
        finally
        {
            cluster.CloseWatch(session);
        }
    }

    private static async Task StreamAsync(HttpContext context, FakeWatchSession session, TimeSpan timeout)
    {
        using var expiry = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(expiry.Token, context.RequestAborted);
        var body = context.Response.Body;
        try
        {
            await foreach (var line in session.Lines.ReadAllAsync(linked.Token).ConfigureAwait(false))
            {
                if (session.Stalled)
                {
                    break;
                }

                if (ReferenceEquals(line, FakeWatchSession.TruncateMarker))
                {
                    await body.WriteAsync("{\"type\":\"MODIFIED\",\"object\":{\"metadata\":{\"name\""u8.ToArray(), linked.Token).ConfigureAwait(false);
                    await body.FlushAsync(linked.Token).ConfigureAwait(false);
                    return;
                }

                await body.WriteAsync(line, linked.Token).ConfigureAwait(false);
                await body.FlushAsync(linked.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (expiry.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            if (!session.Stalled)
            {
                return;
            }
        }

        if (session.Stalled)
        {
            await WaitForAbortAsync(context).ConfigureAwait(false);
        }
    }

    private static async Task WaitForAbortAsync(HttpContext context)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client gave up: that is what a hang is for.
        }
    }

    private static async Task WriteStatusAsync(HttpContext context, int code, string reason, string message)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(
            context.Response.Body, FakeWatchEvents.Status(code, reason, message), KubernetesJsonContext.Default.V1Status, context.RequestAborted).ConfigureAwait(false);
    }

    private static string Key(V1Pod pod) => pod.Metadata?.Namespace + "/" + pod.Metadata?.Name;

    private static string EncodeContinue(long resourceVersion, string lastKey) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(resourceVersion.ToString(CultureInfo.InvariantCulture) + "|" + lastKey));

    private static bool TryDecodeContinue(string token, out long resourceVersion, out string lastKey)
    {
        resourceVersion = 0;
        lastKey = "";
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            if (bar <= 0 || !long.TryParse(text.AsSpan(0, bar), NumberStyles.None, CultureInfo.InvariantCulture, out resourceVersion))
            {
                return false;
            }

            lastKey = text[(bar + 1)..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
