namespace NodeCollector.Config;

/// <summary>HTTP basic authentication; the password inline or, better, from a file that is re-read.</summary>
internal sealed record BasicAuthOptions
{
    public static readonly ConfigSchema<BasicAuthOptions> Schema = new ConfigSchema<BasicAuthOptions>()
        .Field("username", (o, r) => o.Username = r.String())
        .Field("password", (o, r) => o.Password = r.Secret())
        .Field("password_file", (o, r) => o.PasswordFile = r.String());

    public string Username { get; set; } = "";

    public Secret Password { get; set; } = Secret.Empty;

    public string PasswordFile { get; set; } = "";

    public void Validate(ConfigProblems problems, string path)
    {
        if (!Password.IsEmpty && PasswordFile.Length > 0)
        {
            problems.Add(path + ".password_file", "give password or password_file, not both");
        }
    }
}
