namespace NodeCollector.Config;

/// <summary>The authentication and TLS keys shared by every outgoing HTTP client (scrapes, remote write, Loki).</summary>
internal sealed record HttpClientOptions
{
    public BasicAuthOptions? BasicAuth { get; set; }

    public Secret BearerToken { get; set; } = Secret.Empty;

    public string BearerTokenFile { get; set; } = "";

    public TlsOptions Tls { get; set; } = new();

    /// <summary>Adds this record's keys to the schema of an options type that holds one.</summary>
    public static ConfigSchema<T> AddTo<T>(ConfigSchema<T> schema, Func<T, HttpClientOptions> get)
        where T : new() => schema
        .Field("basic_auth", (o, r) => get(o).BasicAuth = r.Object(BasicAuthOptions.Schema))
        .Field("bearer_token", (o, r) => get(o).BearerToken = r.Secret())
        .Field("bearer_token_file", (o, r) => get(o).BearerTokenFile = r.String())
        .Field("tls_config", (o, r) => get(o).Tls = r.Object(TlsOptions.Schema));

    public void Validate(ConfigProblems problems, string path)
    {
        BasicAuth?.Validate(problems, path + ".basic_auth");
        Tls.Validate(problems, path + ".tls_config");
        var schemes = (BasicAuth is null ? 0 : 1) + (BearerToken.IsEmpty && BearerTokenFile.Length == 0 ? 0 : 1);
        if (schemes > 1)
        {
            problems.Add(path + ".bearer_token", "give basic_auth or a bearer token, not both");
        }

        if (!BearerToken.IsEmpty && BearerTokenFile.Length > 0)
        {
            problems.Add(path + ".bearer_token_file", "give bearer_token or bearer_token_file, not both");
        }
    }
}
