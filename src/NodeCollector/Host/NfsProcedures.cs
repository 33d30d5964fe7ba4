namespace NodeCollector.Host;

/// <summary>
/// The method names node_exporter gives the counters of the <c>proc2</c>, <c>proc3</c>, <c>proc4</c> and
/// <c>proc4ops</c> lines of <c>/proc/net/rpc/nfs</c> and <c>nfsd</c>, in the order the kernel writes them; null where a
/// counter is not exported. Also splits such lines into numbers without allocating.
/// </summary>
internal static class NfsProcedures
{
    public static readonly string[] Version2 =
        ["Null", "GetAttr", "SetAttr", "Root", "Lookup", "ReadLink", "Read", "WrCache", "Write", "Create", "Remove", "Rename", "Link", "SymLink", "MkDir", "RmDir", "ReadDir", "FsStat"];

    public static readonly string[] Version3 =
    [
        "Null", "GetAttr", "SetAttr", "Lookup", "Access", "ReadLink", "Read", "Write", "Create", "MkDir", "SymLink", "MkNod", "Remove", "RmDir", "Rename",
        "Link", "ReadDir", "ReadDirPlus", "FsStat", "FsInfo", "PathConf", "Commit",
    ];

    /// <summary>The client's NFSv4 operations; kernels older than the list write fewer (the rest count 0).</summary>
    public static readonly string[] ClientVersion4 =
    [
        "Null", "Read", "Write", "Commit", "Open", "OpenConfirm", "OpenNoattr", "OpenDowngrade", "Close", "Setattr", "FsInfo", "Renew", "SetClientID",
        "SetClientIDConfirm", "Lock", "Lockt", "Locku", "Access", "Getattr", "Lookup", "LookupRoot", "Remove", "Rename", "Link", "Symlink", "Create",
        "Pathconf", "StatFs", "ReadLink", "ReadDir", "ServerCaps", "DelegReturn", "GetACL", "SetACL", "FsLocations", "ReleaseLockowner", "Secinfo",
        "FsidPresent", "ExchangeID", "CreateSession", "DestroySession", "Sequence", "GetLeaseTime", "ReclaimComplete", "GetDeviceInfo", "LayoutGet",
        "LayoutCommit", "LayoutReturn", "SecinfoNoName", "TestStateID", "FreeStateID", "GetDeviceList", "BindConnToSession", "DestroyClientID", "Seek",
        "Allocate", "DeAllocate", "LayoutStats", "Clone",
    ];

    /// <summary>The server's NFSv4 operations by operation number (0–2 are not operations; PUTPUBFH and PUTROOTFH are not exported).</summary>
    public static readonly string?[] ServerVersion4 =
    [
        null, null, null, "Access", "Close", "Commit", "Create", "DelegPurge", "DelegReturn", "GetAttr", "GetFH", "Link", "Lock", "Lockt", "Locku",
        "Lookup", "LookupRoot", "Nverify", "Open", "OpenAttr", "OpenConfirm", "OpenDgrd", "PutFH", null, null, "Read", "ReadDir", "ReadLink", "Remove",
        "Rename", "Renew", "RestoreFH", "SaveFH", "SecInfo", "SetAttr", "SetClientID", "SetClientIDConfirm", "Verify", "Write", "RelLockOwner",
    ];

    /// <summary>One line of an rpc statistics file: true when parsed, false when malformed, null when not a line the collector knows.</summary>
    public delegate bool? LineHandler(ReadOnlySpan<byte> key, ReadOnlySpan<byte> rest);

    /// <summary>
    /// Reads <c>/proc/net/rpc/nfs</c> or <c>nfsd</c> and hands each line to <paramref name="handler"/>; lines it does not
    /// know are skipped, but a file with none it knows is not an rpc statistics file.
    /// </summary>
    public static bool TryReadFile(FileBuffer file, string path, LineHandler handler, out string? failure)
    {
        if (!file.TryRead(path, out var text, out failure))
        {
            return false;
        }

        var any = false;
        while (Ascii.NextLine(ref text, out var line))
        {
            if (!Ascii.NextField(ref line, out var key))
            {
                continue;
            }

            var parsed = handler(key, line);
            if (parsed == false)
            {
                failure = $"{path}: malformed {System.Text.Encoding.UTF8.GetString(key)} line";
                return false;
            }

            any |= parsed == true;
        }

        if (!any)
        {
            failure = $"{path}: no rpc statistics";
        }

        return any;
    }

    /// <summary>The numbers after a line's key; false when one is not a number or there are more than <paramref name="values"/> holds.</summary>
    public static bool TryParseValues(ReadOnlySpan<byte> rest, Span<double> values, out int count)
    {
        count = 0;
        while (Ascii.NextField(ref rest, out var field))
        {
            if (count == values.Length || !Ascii.TryParseNumber(field, out values[count]))
            {
                return false;
            }

            count++;
        }

        return true;
    }

    /// <summary>
    /// A <c>procN</c> line: a count, then that many counters; exactly <paramref name="expected"/> unless
    /// <paramref name="atLeast"/>. Counters past the end of <paramref name="values"/> (newer kernels) are ignored.
    /// </summary>
    public static bool TryParseProcedures(ReadOnlySpan<byte> rest, Span<double> values, int expected, bool atLeast)
    {
        Span<double> all = stackalloc double[256];
        if (!TryParseValues(rest, all, out var n) || n == 0 || all[0] != n - 1 || (atLeast ? n - 1 < expected : n - 1 != expected))
        {
            return false;
        }

        all[1..Math.Min(n, values.Length + 1)].CopyTo(values);
        return true;
    }
}
