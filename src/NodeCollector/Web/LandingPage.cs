using Microsoft.AspNetCore.Http;

namespace NodeCollector.Web;

/// <summary>A plain page at <c>/</c> that links to what the server offers, as node_exporter's does.</summary>
internal static class LandingPage
{
    private const string Html = """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>NodeCollector</title></head>
        <body>
        <h1>NodeCollector</h1>
        <p>A node-local telemetry collector for Kubernetes.</p>
        <ul>
        <li><a href="metrics">Metrics</a></li>
        <li><a href="-/healthy">Health</a></li>
        <li><a href="-/ready">Readiness</a></li>
        </ul>
        </body>
        </html>

        """;

    public static Task WriteAsync(HttpContext context)
    {
        if (context.Request.Path != "/")
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(Html, context.RequestAborted);
    }
}
