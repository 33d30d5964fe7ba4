namespace NodeCollector.Config;

/// <summary>Prometheus' <c>tls_config</c>. Verification is on unless <c>insecure_skip_verify: true</c>.</summary>
internal sealed record TlsOptions
{
    public static readonly ConfigSchema<TlsOptions> Schema = new ConfigSchema<TlsOptions>()
        .Field("ca_file", (o, r) => o.CaFile = r.String())
        .Field("cert_file", (o, r) => o.CertFile = r.String())
        .Field("key_file", (o, r) => o.KeyFile = r.String())
        .Field("server_name", (o, r) => o.ServerName = r.String())
        .Field("insecure_skip_verify", (o, r) => o.InsecureSkipVerify = r.Bool());

    public string CaFile { get; set; } = "";

    public string CertFile { get; set; } = "";

    public string KeyFile { get; set; } = "";

    public string ServerName { get; set; } = "";

    public bool InsecureSkipVerify { get; set; }

    public void Validate(ConfigProblems problems, string path)
    {
        if ((CertFile.Length == 0) != (KeyFile.Length == 0))
        {
            problems.Add(path + (CertFile.Length == 0 ? ".cert_file" : ".key_file"), "cert_file and key_file must be given together");
        }
    }
}
