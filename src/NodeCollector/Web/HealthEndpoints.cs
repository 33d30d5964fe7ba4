using Microsoft.AspNetCore.Http;

namespace NodeCollector.Web;

/// <summary><c>/-/healthy</c> (the process serves requests) and <c>/-/ready</c> (every configured source has started).</summary>
internal static class HealthEndpoints
{
    public static Task HealthyAsync(HttpContext context)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync("NodeCollector is Healthy.\n", context.RequestAborted);
    }

    public static Task ReadyAsync(HttpContext context, Readiness readiness)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var pending = readiness.Pending();
        if (pending.Count == 0)
        {
            return context.Response.WriteAsync("NodeCollector is Ready.\n", context.RequestAborted);
        }

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return context.Response.WriteAsync($"NodeCollector is not ready: waiting for {string.Join(", ", pending)}.\n", context.RequestAborted);
    }
}
