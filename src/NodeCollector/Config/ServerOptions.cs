namespace NodeCollector.Config;

/// <summary>The HTTP server: <c>/metrics</c>, health, status page and JSON APIs.</summary>
internal sealed record ServerOptions
{
    public static readonly ConfigSchema<ServerOptions> Schema = new ConfigSchema<ServerOptions>()
        .Field("listen_address", (o, r) => o.ListenAddress = r.String())
        .Field("max_request_body", (o, r) => o.MaxRequestBody = r.Bytes());

    public string ListenAddress { get; set; } = "0.0.0.0:9465";

    public long MaxRequestBody { get; set; } = 1 << 20;

    public void Validate(ConfigProblems problems, string path)
    {
        if (!ListenEndpoint.TryParse(ListenAddress, out _, out var error))
        {
            problems.Add(path + ".listen_address", error!);
        }

        if (MaxRequestBody <= 0)
        {
            problems.Add(path + ".max_request_body", "must be greater than 0");
        }
    }
}
