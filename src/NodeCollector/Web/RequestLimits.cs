using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using NodeCollector.Config;

namespace NodeCollector.Web;

/// <summary>
/// Bounds what a client can make the server hold: a request line over 8 KiB gets 414, headers over 32 KiB or 100
/// fields 431 (Kestrel answers both before any endpoint runs), and a body over <c>server.max_request_body</c> 413,
/// also when no endpoint would read it (every endpoint is a GET, so Kestrel alone would answer and then drain it).
/// </summary>
internal static class RequestLimits
{
    public const int MaxRequestLineBytes = 8 * 1024;
    public const int MaxHeaderBytes = 32 * 1024;
    public const int MaxHeaderCount = 100;

    public static void Apply(KestrelServerLimits limits, ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(options);
        limits.MaxRequestBodySize = options.MaxRequestBody;
        limits.MaxRequestLineSize = MaxRequestLineBytes;
        limits.MaxRequestHeadersTotalSize = MaxHeaderBytes;
        limits.MaxRequestHeaderCount = MaxHeaderCount;
    }

    /// <summary>Middleware: 413 for a declared body over the limit, and the connection is closed rather than drained.</summary>
    public static Func<HttpContext, RequestDelegate, Task> RejectOversizedBody(long maxBody) => (context, next) =>
    {
        if (context.Request.ContentLength > maxBody)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            context.Response.Headers.Connection = "close";
            return context.Response.WriteAsync($"request body over server.max_request_body ({maxBody} bytes)\n");
        }

        return next(context);
    };
}
