using System.Globalization;

namespace NodeCollector.Metrics;

/// <summary>
/// Picks the exposition format for a scrape from its <c>Accept</c> header, like client_golang's
/// <c>expfmt.NegotiateIncludingOpenMetrics</c>: the acceptable media range with the highest q that names a
/// format we write wins (the first one on ties); anything else, including <c>*/*</c>, gets text 0.0.4.
/// </summary>
internal static class ExpositionFormatNegotiator
{
    public const string PrometheusTextContentType = "text/plain; version=0.0.4; charset=utf-8";
    public const string OpenMetricsContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    // client_golang answers an OpenMetrics 0.0.1 request with a 0.0.1 Content-Type; the body is the same.
    public const string OpenMetrics001ContentType = "application/openmetrics-text; version=0.0.1; charset=utf-8";

    public static NegotiatedFormat PrometheusText { get; } = new(ExpositionFormat.PrometheusText, PrometheusTextContentType);

    public static NegotiatedFormat OpenMetrics { get; } = new(ExpositionFormat.OpenMetrics, OpenMetricsContentType);

    private static NegotiatedFormat OpenMetrics001 { get; } = new(ExpositionFormat.OpenMetrics, OpenMetrics001ContentType);

    public static NegotiatedFormat Negotiate(string? accept)
    {
        var best = PrometheusText;
        var bestQ = 0.0;
        var rest = accept.AsSpan();
        while (!rest.IsEmpty)
        {
            var comma = rest.IndexOf(',');
            var clause = comma < 0 ? rest : rest[..comma];
            rest = comma < 0 ? [] : rest[(comma + 1)..];

            if (TryMatch(clause, out var candidate, out var q) && q > bestQ)
            {
                best = candidate;
                bestQ = q;
            }
        }

        return best;
    }

    /// <summary>Whether one media range of an Accept header names a format we write, and with which q.</summary>
    private static bool TryMatch(ReadOnlySpan<char> clause, out NegotiatedFormat format, out double q)
    {
        format = PrometheusText;
        q = 1.0;
        var semicolon = clause.IndexOf(';');
        var mediaRange = (semicolon < 0 ? clause : clause[..semicolon]).Trim();
        var parameters = semicolon < 0 ? [] : clause[(semicolon + 1)..];

        bool openMetrics;
        if (mediaRange.Equals("application/openmetrics-text", StringComparison.OrdinalIgnoreCase))
        {
            openMetrics = true;
        }
        else if (mediaRange.Equals("text/plain", StringComparison.OrdinalIgnoreCase))
        {
            openMetrics = false;
        }
        else
        {
            return false;
        }

        var version = ReadOnlySpan<char>.Empty;
        while (!parameters.IsEmpty)
        {
            var next = parameters.IndexOf(';');
            var parameter = next < 0 ? parameters : parameters[..next];
            parameters = next < 0 ? [] : parameters[(next + 1)..];

            var equals = parameter.IndexOf('=');
            if (equals < 0)
            {
                continue;
            }

            var name = parameter[..equals].Trim();
            var value = parameter[(equals + 1)..].Trim();
            if (name.Equals("q", StringComparison.OrdinalIgnoreCase))
            {
                // An unparsable q counts as 0, as in Go's goautoneg; q=0 means "not acceptable" (RFC 9110).
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out q))
                {
                    q = 0;
                }
            }
            else if (name.Equals("version", StringComparison.OrdinalIgnoreCase))
            {
                version = value;
            }
        }

        if (openMetrics)
        {
            // Without a version, client_golang assumes OpenMetrics 0.0.1.
            if (version.IsEmpty || version.SequenceEqual("0.0.1"))
            {
                format = OpenMetrics001;
                return true;
            }

            if (version.SequenceEqual("1.0.0"))
            {
                format = OpenMetrics;
                return true;
            }

            return false;
        }

        return version.IsEmpty || version.SequenceEqual("0.0.4");
    }
}
