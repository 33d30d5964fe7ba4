using Microsoft.Extensions.Logging;

namespace NodeCollector.Scrape;

/// <summary>
/// A bearer token read from a file and read again when the file changes (size or modification time; a projected
/// service-account token is swapped in by a symlink rename, which changes both). A failed read keeps the previous
/// token. The token itself is never logged.
/// </summary>
internal sealed class BearerTokenFile
{
    private readonly string _path;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private DateTime _modified;
    private long _length = -1;
    private string _token = "";

    public BearerTokenFile(string path, ILogger logger)
    {
        _path = path;
        _logger = logger;
    }

    public string Current
    {
        get
        {
            lock (_gate)
            {
                try
                {
                    var info = new FileInfo(_path);
                    if (info.Length != _length || info.LastWriteTimeUtc != _modified)
                    {
                        var first = _length < 0;
                        _token = File.ReadAllText(_path).Trim();
                        _length = info.Length;
                        _modified = info.LastWriteTimeUtc;
                        if (!first)
                        {
                            Log.TokenReread(_logger, _path, "the file changed");
                        }
                    }
                }
                catch (IOException ex)
                {
                    Log.TokenUnreadable(_logger, _path, ex.Message);
                }
                catch (UnauthorizedAccessException ex)
                {
                    Log.TokenUnreadable(_logger, _path, ex.Message);
                }

                return _token;
            }
        }
    }
}
