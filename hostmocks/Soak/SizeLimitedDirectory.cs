using System.Diagnostics;
using System.Globalization;

namespace HostMocks.Soak;

/// <summary>
/// A directory on its own small tmpfs, without root: a holder process made by <c>unshare --user --map-root-user
/// --mount</c> mounts a size-limited tmpfs over the directory in its private mount namespace and sleeps. Programs
/// started through <see cref="Wrap"/> (<c>nsenter</c> into that namespace) see a real file system that answers
/// ENOSPC when full; the runner reaches the same files from outside through <c>/proc/&lt;holder&gt;/root</c>, where it
/// fills and frees the disk. The mount lives as long as the holder, so the files outlive SIGKILLs of the programs.
/// </summary>
internal sealed class SizeLimitedDirectory : IDisposable
{
    private const string Filler = ".soak-disk-filler";

    private readonly Process _holder;

    private SizeLimitedDirectory(string path, long sizeBytes, Process holder)
    {
        Path = path;
        SizeBytes = sizeBytes;
        _holder = holder;
    }

    /// <summary>The directory as programs inside the namespace see it.</summary>
    public string Path { get; }

    public long SizeBytes { get; }

    /// <summary>The same directory seen from outside the namespace.</summary>
    public string OutsidePath => $"/proc/{_holder.Id.ToString(CultureInfo.InvariantCulture)}/root{Path}";

    /// <summary>Creates <paramref name="path"/> and mounts a tmpfs of <paramref name="sizeBytes"/> over it in a new namespace.</summary>
    public static async Task<SizeLimitedDirectory> CreateAsync(string path, long sizeBytes)
    {
        Directory.CreateDirectory(path);
        var size = (sizeBytes / 1024).ToString(CultureInfo.InvariantCulture) + "k";
        var info = new ProcessStartInfo("unshare")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--user", "--map-root-user", "--mount", "sh", "-c", $"mount -t tmpfs -o size={size},mode=0700 soak-disk \"$0\" && echo mounted && exec sleep 2147483647", path })
        {
            info.ArgumentList.Add(arg);
        }

        var holder = Process.Start(info) ?? throw new InvalidOperationException("could not start unshare");
        var line = await holder.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        if (line != "mounted")
        {
            var error = await holder.StandardError.ReadToEndAsync().ConfigureAwait(false);
            holder.Kill();
            holder.Dispose();
            throw new InvalidOperationException(
                "a size-limited directory needs unprivileged user and mount namespaces (unshare --user --map-root-user --mount): " + error.Trim());
        }

        return new SizeLimitedDirectory(path, sizeBytes, holder);
    }

    /// <summary>The command line that runs <paramref name="fileName"/> with <paramref name="args"/> inside the namespace.</summary>
    public (string FileName, IReadOnlyList<string> Args) Wrap(string fileName, IEnumerable<string> args) =>
        ("nsenter", ["--target", _holder.Id.ToString(CultureInfo.InvariantCulture), "--user", "--mount", "--preserve-credentials", "--", fileName, .. args]);

    /// <summary>Fills the file system until it refuses another byte; returns the bytes written.</summary>
    public long Fill()
    {
        var buffer = new byte[64 * 1024];
        long written = 0;
        using var file = new FileStream(System.IO.Path.Combine(OutsidePath, Filler), FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 1);
        try
        {
            while (true)
            {
                file.Write(buffer);
                written += buffer.Length;
            }
        }
        catch (IOException)
        {
            // ENOSPC: full. Top up the last partial block byte by byte.
            for (var i = 0; i < buffer.Length; i++)
            {
                try
                {
                    file.Write(buffer, 0, 1);
                    written++;
                }
                catch (IOException)
                {
                    break;
                }
            }
        }

        return written;
    }

    /// <summary>Frees what <see cref="Fill"/> took.</summary>
    public void Free() => File.Delete(System.IO.Path.Combine(OutsidePath, Filler));

    public void Dispose()
    {
        try
        {
            _holder.Kill();
            _holder.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _holder.Dispose();
    }
}
