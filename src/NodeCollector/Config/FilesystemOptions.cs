namespace NodeCollector.Config;

/// <summary>Which mounts the filesystem collector skips (node_exporter's defaults).</summary>
internal sealed record FilesystemOptions
{
    public const string DefaultMountPointsExclude = "^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)";

    public const string DefaultFsTypesExclude =
        "^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|erofs|sysfs|tracefs)$";

    public static readonly ConfigSchema<FilesystemOptions> Schema = new ConfigSchema<FilesystemOptions>()
        .Field("mount_points_exclude", (o, r) => o.MountPointsExclude = r.String())
        .Field("fs_types_exclude", (o, r) => o.FsTypesExclude = r.String())
        .Field("mount_timeout", (o, r) => o.MountTimeout = r.Duration());

    public string MountPointsExclude { get; set; } = DefaultMountPointsExclude;

    public string FsTypesExclude { get; set; } = DefaultFsTypesExclude;

    /// <summary>How long a statfs may take before the mount is reported stuck (<c>node_filesystem_device_error</c> 1).</summary>
    public TimeSpan MountTimeout { get; set; } = TimeSpan.FromSeconds(4);
}
