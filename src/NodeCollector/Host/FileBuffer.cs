using System.Runtime.InteropServices;

namespace NodeCollector.Host;

/// <summary>
/// Reads whole (proc, sys) files into one reusable buffer through open(2)/read(2), so that a missing or unreadable file
/// (an optional sysfs attribute, <c>speed</c> of a link that is down) costs an errno, not an exception, and a read
/// allocates nothing. A file larger than <see cref="MaxFileSize"/> is refused rather than read, so a runaway or hostile
/// file cannot make a collection allocate without bound.
/// </summary>
internal sealed partial class FileBuffer
{
    public const int MaxFileSize = 8 * 1024 * 1024;

    private const int ReadOnlyCloseOnExec = 0x80000; // O_RDONLY | O_CLOEXEC
    private const int Interrupted = 4; // EINTR

    private byte[] _buffer;

    /// <summary>
    /// Whether the last failed read failed because the kernel has no value (no such file, a parent that is a file, EINVAL,
    /// ENODATA, EOPNOTSUPP),
    /// which sysfs class readers skip, rather than because the file is unreadable or too large.
    /// </summary>
    public bool LastFailureIsNoValue { get; private set; }

    public FileBuffer(int initialSize = 4096)
    {
        _buffer = new byte[initialSize];
    }

    /// <summary>The content of <paramref name="path"/>, valid until the next read; false with a reason when it cannot be read.</summary>
    public bool TryRead(string path, out ReadOnlySpan<byte> content, out string? failure) => TryRead(path, singleValue: false, out content, out failure);

    /// <summary>A one-value (sysfs attribute or sysctl) file without surrounding white space.</summary>
    public bool TryReadValue(string path, out ReadOnlySpan<byte> value, out string? failure)
    {
        if (!TryRead(path, singleValue: true, out value, out failure))
        {
            return false;
        }

        value = value.Trim(" \t\n\0"u8);
        return true;
    }

    /// <summary>A one-value file holding an unsigned integer; false with a reason when it cannot be read or parsed.</summary>
    public bool TryReadUInt64(string path, out ulong value, out string? failure)
    {
        value = 0;
        if (!TryReadValue(path, out var text, out failure))
        {
            return false;
        }

        if (!Ascii.TryParseUInt64(text, out value))
        {
            failure = $"{path}: not a number";
            return false;
        }

        return true;
    }

    /// <summary>
    /// With <paramref name="singleValue"/>, a read that does not fill the buffer is taken as the whole file: a sysfs
    /// attribute or sysctl is produced in one piece, so the read that would return end-of-file is saved.
    /// </summary>
    private bool TryRead(string path, bool singleValue, out ReadOnlySpan<byte> content, out string? failure)
    {
        content = default;
        failure = null;
        LastFailureIsNoValue = false;
        var fd = Open(path, ReadOnlyCloseOnExec);
        if (fd < 0)
        {
            failure = Describe(path, Marshal.GetLastPInvokeError());
            return false;
        }

        try
        {
            var length = 0;
            while (true)
            {
                if (length == _buffer.Length)
                {
                    if (_buffer.Length >= MaxFileSize)
                    {
                        failure = $"{path}: larger than {MaxFileSize} bytes";
                        return false;
                    }

                    Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, MaxFileSize));
                }

                // Proc files are generated on read and report no size; read until the end.
                var read = Read(fd, ref _buffer[length], _buffer.Length - length);
                if (read < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == Interrupted)
                    {
                        continue;
                    }

                    failure = Describe(path, errno);
                    return false;
                }

                length += (int)read;
                if (read == 0 || (singleValue && length < _buffer.Length))
                {
                    content = _buffer.AsSpan(0, length);
                    return true;
                }
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    private string Describe(string path, int errno)
    {
        LastFailureIsNoValue = errno is 2 or 20 or 22 or 61 or 95;
        return DescribeErrno(path, errno);
    }

    private static string DescribeErrno(string path, int errno) => errno switch
    {
        2 => $"{path}: no such file",
        13 => $"{path}: permission denied",
        20 => $"{path}: a parent is not a directory",
        21 => $"{path}: is a directory",
        22 => $"{path}: invalid argument (the kernel has no value)",
        _ => $"{path}: read failed (errno {errno})",
    };

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint Read(int fd, ref byte buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
