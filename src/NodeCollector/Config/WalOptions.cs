namespace NodeCollector.Config;

/// <summary>The remote-write write-ahead log: where it lives and what bounds its disk use.</summary>
internal sealed record WalOptions
{
    public static readonly ConfigSchema<WalOptions> Schema = new ConfigSchema<WalOptions>()
        .Field("dir", (o, r) => o.Dir = r.String())
        .Field("max_size", (o, r) => o.MaxSize = r.Bytes())
        .Field("max_age", (o, r) => o.MaxAge = r.Duration());

    public string Dir { get; set; } = "/var/lib/nodecollector/wal";

    public long MaxSize { get; set; } = 1L << 30;

    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(2);

    public void Validate(ConfigProblems problems, string path)
    {
        if (Dir.Length == 0)
        {
            problems.Add(path + ".dir", "a directory is required");
        }

        if (MaxSize <= 0)
        {
            problems.Add(path + ".max_size", "must be greater than 0");
        }

        problems.RequirePositive(path + ".max_age", MaxAge);
    }
}
