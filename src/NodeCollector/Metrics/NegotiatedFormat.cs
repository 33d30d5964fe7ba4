namespace NodeCollector.Metrics;

/// <summary>The outcome of content negotiation: the format to write and the <c>Content-Type</c> to send with it.</summary>
internal readonly record struct NegotiatedFormat(ExpositionFormat Format, string ContentType);
