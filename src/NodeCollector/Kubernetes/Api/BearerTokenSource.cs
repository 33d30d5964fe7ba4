using Microsoft.Extensions.Logging;

namespace NodeCollector.Kubernetes.Api;

/// <summary>
/// The bearer token for API requests. From a file (bound service-account tokens rotate about hourly) it is
/// re-read when the file's timestamp or size changes, when the last read is older than the reload
/// interval, and after every 401; a fixed token is used as is. Thread-safe. Never logs the token.
/// </summary>
internal sealed class BearerTokenSource
{
    private readonly string? _path;
    private readonly string? _fixedToken;
    private readonly TimeProvider _time;
    private readonly TimeSpan _reloadInterval;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private string? _token;
    private DateTime _fileStamp;
    private long _fileLength = -1;
    private long _readAt;

    public BearerTokenSource(string? path, string? fixedToken, TimeProvider time, TimeSpan reloadInterval, ILogger logger)
    {
        _path = path;
        _fixedToken = fixedToken;
        _time = time;
        _reloadInterval = reloadInterval;
        _logger = logger;
    }

    /// <summary>The token to send now, or null when there is none (client-certificate authentication).</summary>
    public string? Current()
    {
        if (_path is null)
        {
            return _fixedToken;
        }

        lock (_lock)
        {
            var (stamp, length) = Stat(_path);
            var stale = _time.GetElapsedTime(_readAt) >= _reloadInterval;
            if (_token is null || stale || stamp != _fileStamp || length != _fileLength)
            {
                Read(_token is null ? "first use" : stale ? "reload interval" : "file changed");
            }

            return _token ?? _fixedToken;
        }
    }

    /// <summary>Re-reads the file after a 401; true when that gave a different token worth retrying with.</summary>
    public bool ReloadAfterUnauthorized()
    {
        if (_path is null)
        {
            return false;
        }

        lock (_lock)
        {
            var before = _token;
            Read("401 Unauthorized");
            return !string.Equals(before, _token, StringComparison.Ordinal);
        }
    }

    private void Read(string cause)
    {
        try
        {
            var (stamp, length) = Stat(_path!);
            var token = File.ReadAllText(_path!).Trim();
            _fileStamp = stamp;
            _fileLength = length;
            _readAt = _time.GetTimestamp();
            if (token.Length > 0)
            {
                if (_token is not null && !string.Equals(token, _token, StringComparison.Ordinal))
                {
                    Log.TokenReloaded(_logger, _path!, cause);
                }

                _token = token;
            }
        }
        catch (IOException e)
        {
            Log.TokenFileUnreadable(_logger, _path!, e.Message);
        }
        catch (UnauthorizedAccessException e)
        {
            Log.TokenFileUnreadable(_logger, _path!, e.Message);
        }
    }

    private static (DateTime Stamp, long Length) Stat(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : (default, -1);
    }
}
