namespace NodeCollector.Diagnostics;

/// <summary>
/// The <c>component</c> field of a log event, from the logger category: for our own types the folder under
/// <c>NodeCollector</c> (<c>NodeCollector.Web.MetricsEndpoint</c> → <c>web</c>), for the framework a short name.
/// </summary>
internal static class LogComponent
{
    private const string OwnPrefix = "NodeCollector.";

    public static string FromCategory(string category)
    {
        if (category.StartsWith(OwnPrefix, StringComparison.Ordinal))
        {
            var rest = category.AsSpan(OwnPrefix.Length);
            var dot = rest.IndexOf('.');
            return dot < 0 ? "main" : rest[..dot].ToString().ToLowerInvariant();
        }

        if (category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal))
        {
            return "http";
        }

        if (category.StartsWith("Microsoft.Hosting", StringComparison.Ordinal) || category.StartsWith("Microsoft.Extensions.Hosting", StringComparison.Ordinal))
        {
            return "hosting";
        }

        return category;
    }
}
