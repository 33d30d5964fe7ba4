namespace NodeCollector.Config;

/// <summary>The node this collector runs on, and where its host file systems are mounted in the pod.</summary>
internal sealed record NodeOptions
{
    public static readonly ConfigSchema<NodeOptions> Schema = new ConfigSchema<NodeOptions>()
        .Field("name", (o, r) => o.Name = r.String())
        .Field("procfs", (o, r) => o.Procfs = r.String())
        .Field("sysfs", (o, r) => o.Sysfs = r.String())
        .Field("rootfs", (o, r) => o.Rootfs = r.String());

    public string Name { get; set; } = "";

    public string Procfs { get; set; } = "/host/proc";

    public string Sysfs { get; set; } = "/host/sys";

    public string Rootfs { get; set; } = "/host/root";

    public void Validate(ConfigProblems problems, string path)
    {
        foreach (var (key, value) in new[] { ("procfs", Procfs), ("sysfs", Sysfs), ("rootfs", Rootfs) })
        {
            if (!System.IO.Path.IsPathRooted(value))
            {
                problems.Add($"{path}.{key}", $"\"{value}\" must be an absolute path");
            }
        }
    }
}
