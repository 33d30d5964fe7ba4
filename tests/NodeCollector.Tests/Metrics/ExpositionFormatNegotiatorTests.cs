using NodeCollector.Metrics;

namespace NodeCollector.Tests.Metrics;

public class ExpositionFormatNegotiatorTests
{
    private const string Text = ExpositionFormatNegotiator.PrometheusTextContentType;
    private const string OpenMetrics = ExpositionFormatNegotiator.OpenMetricsContentType;
    private const string OpenMetrics001 = ExpositionFormatNegotiator.OpenMetrics001ContentType;

    public static TheoryData<string?, string> Cases => new()
    {
        // Prometheus 3.x (PROTOCOLS.md 6.3), both escaping schemes.
        {
            "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5," +
            "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2",
            OpenMetrics
        },
        {
            "application/openmetrics-text;version=1.0.0;escaping=underscores;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5," +
            "text/plain;version=1.0.0;escaping=underscores;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2",
            OpenMetrics
        },
        // Prometheus 2.x.
        {
            "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
            OpenMetrics
        },
        // Prometheus configured with scrape_protocols: [PrometheusText0.0.4].
        { "text/plain;version=0.0.4;q=0.5,*/*;q=0.1", Text },
        // Older Prometheus that preferred 0.0.1.
        { "application/openmetrics-text; version=0.0.1,text/plain;version=0.0.4;q=0.5,*/*;q=0.1", OpenMetrics001 },
        { "application/openmetrics-text", OpenMetrics001 },
        { "Application/OpenMetrics-Text; Version=1.0.0", OpenMetrics },
        // Text preferred by q over OpenMetrics.
        { "application/openmetrics-text;version=1.0.0;q=0.2,text/plain;version=0.0.4;q=0.9", Text },
        { "text/plain", Text },
        // OpenMetrics versions we do not write, q=0 (not acceptable) and unknown text versions fall back to text.
        { "application/openmetrics-text;version=2.0.0", Text },
        { "application/openmetrics-text;version=1.0.0;q=0,text/plain;q=0.1", Text },
        { "application/openmetrics-text;version=1.0.0;q=0", Text },
        { "text/plain;version=1.0.0", Text },
        // curl, a browser, nothing, garbage.
        { "*/*", Text },
        { "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8", Text },
        { null, Text },
        { "", Text },
        { ",,;;==", Text },
        { "application/openmetrics-text;q=abc", Text },
        { "application/openmetrics-text;version", OpenMetrics001 },
        { "\u00ff\u0000/\u2028;q=1e400", Text },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Negotiates_like_client_golang(string? accept, string contentType)
    {
        var negotiated = ExpositionFormatNegotiator.Negotiate(accept);

        Assert.Equal(contentType, negotiated.ContentType);
        var openMetrics = contentType.StartsWith("application/openmetrics-text", StringComparison.Ordinal);
        Assert.Equal(openMetrics ? ExpositionFormat.OpenMetrics : ExpositionFormat.PrometheusText, negotiated.Format);
    }
}
