using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace NodeCollector.Diagnostics;

/// <summary>
/// Writes one line per event: <c>ts level component msg</c>, then the event's structured fields, as logfmt
/// or as a JSON object. Field values are the values the event was logged with; nothing else is added, so a
/// secret can only appear if a caller passes it (and <see cref="Config.Secret"/> prints as &lt;secret&gt;).
/// </summary>
internal sealed class StructuredConsoleFormatter : ConsoleFormatter, IDisposable
{
    public const string FormatterName = "nodecollector";

    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly IDisposable? _reload;
    private StructuredConsoleFormatterOptions _options;

    public StructuredConsoleFormatter(IOptionsMonitor<StructuredConsoleFormatterOptions> options)
        : base(FormatterName)
    {
        _options = options.CurrentValue;
        _reload = options.OnChange(o => _options = o);
    }

    public void Dispose() => _reload?.Dispose();

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null)
        {
            return;
        }

        var fields = logEntry.State as IReadOnlyList<KeyValuePair<string, object?>>;
        var time = TimeProvider.System.GetUtcNow();
        var line = _options.Format == LogFormat.Json
            ? Json(time, logEntry.LogLevel, logEntry.Category, logEntry.EventId, message, fields, logEntry.Exception)
            : Logfmt(time, logEntry.LogLevel, logEntry.Category, logEntry.EventId, message, fields, logEntry.Exception);
        textWriter.Write(line);
        textWriter.Write('\n');
    }

    private static string Logfmt(DateTimeOffset time, LogLevel level, string category, EventId eventId, string message,
        IReadOnlyList<KeyValuePair<string, object?>>? fields, Exception? exception)
    {
        var text = new StringBuilder(128);
        text.Append("ts=").Append(time.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        text.Append(" level=").Append(LevelName(level));
        text.Append(" component=");
        AppendLogfmtValue(text, LogComponent.FromCategory(category));
        if (eventId.Id != 0)
        {
            text.Append(" event=").Append(eventId.Id);
        }

        text.Append(" msg=");
        AppendLogfmtValue(text, message);
        foreach (var (key, value) in EventFields(fields))
        {
            text.Append(' ').Append(key).Append('=');
            AppendLogfmtValue(text, FormatValue(value));
        }

        if (exception is not null)
        {
            text.Append(" err=");
            AppendLogfmtValue(text, exception.GetType().Name + ": " + exception.Message);
        }

        return text.ToString();
    }

    private static string Json(DateTimeOffset time, LogLevel level, string category, EventId eventId, string message,
        IReadOnlyList<KeyValuePair<string, object?>>? fields, Exception? exception)
    {
        using var buffer = new MemoryStream(256);
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteString("ts", time.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            json.WriteString("level", LevelName(level));
            json.WriteString("component", LogComponent.FromCategory(category));
            if (eventId.Id != 0)
            {
                json.WriteNumber("event", eventId.Id);
            }

            json.WriteString("msg", message);
            foreach (var (key, value) in EventFields(fields))
            {
                json.WriteString(key, FormatValue(value));
            }

            if (exception is not null)
            {
                json.WriteString("err", exception.GetType().Name + ": " + exception.Message);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static IEnumerable<KeyValuePair<string, object?>> EventFields(IReadOnlyList<KeyValuePair<string, object?>>? fields)
    {
        if (fields is null)
        {
            yield break;
        }

        foreach (var field in fields)
        {
            if (field.Key != "{OriginalFormat}" && IsKey(field.Key))
            {
                yield return new KeyValuePair<string, object?>(ToSnakeCase(field.Key), field.Value);
            }
        }
    }

    private static bool IsKey(string key)
    {
        foreach (var c in key)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '.')
            {
                return false;
            }
        }

        return key.Length > 0;
    }

    private static string ToSnakeCase(string key)
    {
        var text = new StringBuilder(key.Length + 4);
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (char.IsAsciiLetterUpper(c))
            {
                if (i > 0 && !char.IsAsciiLetterUpper(key[i - 1]))
                {
                    text.Append('_');
                }

                text.Append(char.ToLowerInvariant(c));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    private static string FormatValue(object? value) => value switch
    {
        null => "",
        string s => s,
        TimeSpan t => Config.PromDuration.Format(t),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static void AppendLogfmtValue(StringBuilder text, string value)
    {
        var needsQuotes = value.Length == 0;
        foreach (var c in value)
        {
            if (c <= ' ' || c == '"' || c == '=' || c == '\\' || c == 0x7f)
            {
                needsQuotes = true;
                break;
            }
        }

        if (!needsQuotes)
        {
            text.Append(value);
            return;
        }

        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default: text.Append(c); break;
            }
        }

        text.Append('"');
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "error",
        LogLevel.Critical => "critical",
        _ => "none",
    };
}
