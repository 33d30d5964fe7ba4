using Microsoft.Extensions.Logging;
using NodeCollector.Files;

namespace NodeCollector.Kubernetes.Api;

/// <summary>
/// The bearer token for API requests. From a file (bound service-account tokens rotate about hourly) it is
/// re-read when the file's timestamp or size changes, when the last read is older than the reload
/// interval, and after every 401; a fixed token is used as is. Thread-safe. Never logs the token.
/// </summary>
internal sealed class BearerTokenSource
{
    private readonly SecretFile? _file;
    private readonly string? _fixedToken;
    private readonly TimeProvider _time;
    private readonly TimeSpan _reloadInterval;
    private readonly ILogger _logger;
    private long _readAt;

    public BearerTokenSource(string? path, string? fixedToken, TimeProvider time, TimeSpan reloadInterval, ILogger logger)
    {
        _file = path is null ? null : new SecretFile(path);
        _fixedToken = fixedToken;
        _time = time;
        _reloadInterval = reloadInterval;
        _logger = logger;
        _readAt = time.GetTimestamp();
    }

    /// <summary>The token to send now, or null when there is none (client-certificate authentication).</summary>
    public string? Current()
    {
        if (_file is null)
        {
            return _fixedToken;
        }

        var stale = _time.GetElapsedTime(Volatile.Read(ref _readAt)) >= _reloadInterval;
        return Read(stale, stale ? "reload interval" : "file changed").Value is { Length: > 0 } token ? token : _fixedToken;
    }

    /// <summary>Re-reads the file after a 401; true when that gave a different token worth retrying with.</summary>
    public bool ReloadAfterUnauthorized() => _file is not null && Read(force: true, "401 Unauthorized").Replaced;

    private SecretFileRead Read(bool force, string cause)
    {
        var read = _file!.Read(force);
        if (force)
        {
            Volatile.Write(ref _readAt, _time.GetTimestamp());
        }

        if (read.Replaced)
        {
            Log.TokenReloaded(_logger, _file.Path, cause);
        }

        if (read.Problem is { } problem)
        {
            Log.TokenFileUnreadable(_logger, _file.Path, problem);
        }

        return read;
    }
}
