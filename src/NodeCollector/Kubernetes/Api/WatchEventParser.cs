using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace NodeCollector.Kubernetes.Api;

/// <summary>
/// Parses one line of a watch stream, <c>{"type":T,"object":{...}}</c>, reading the bytes once: the
/// object is deserialized straight from the reader as the type says (a <see cref="V1Status"/> for ERROR).
/// Never throws for bad input: it returns the failure and a description instead.
/// </summary>
internal static class WatchEventParser
{
    public static bool TryParse<T>(
        in ReadOnlySequence<byte> line,
        JsonTypeInfo<T> objectType,
        out WatchEvent<T>? watchEvent,
        out WatchStreamFailure failure,
        out string problem)
        where T : class, IKubernetesObject
    {
        watchEvent = null;
        failure = WatchStreamFailure.Malformed;
        try
        {
            return TryParseCore(line, objectType, out watchEvent, out failure, out problem);
        }
        catch (JsonException e)
        {
            problem = "invalid JSON at byte " + e.BytePositionInLine + ": " + e.Message;
            return false;
        }
    }

    private static bool TryParseCore<T>(
        in ReadOnlySequence<byte> line,
        JsonTypeInfo<T> objectType,
        out WatchEvent<T>? watchEvent,
        out WatchStreamFailure failure,
        out string problem)
        where T : class, IKubernetesObject
    {
        watchEvent = null;
        failure = WatchStreamFailure.Malformed;
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            problem = "an event must be a JSON object";
            return false;
        }

        string? typeName = null;
        WatchEventType? type = null;
        T? obj = null;
        V1Status? status = null;
        JsonElement? deferred = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                typeName = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                type = ParseType(typeName);
            }
            else if (reader.ValueTextEquals("object"u8))
            {
                reader.Read();
                if (typeName is null)
                {
                    // Slow path for "object" before "type" (the API server writes "type" first).
                    deferred = JsonElement.ParseValue(ref reader);
                }
                else if (type == WatchEventType.Error)
                {
                    status = JsonSerializer.Deserialize(ref reader, KubernetesJsonContext.Default.V1Status);
                }
                else if (type is not null)
                {
                    obj = JsonSerializer.Deserialize(ref reader, objectType);
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            problem = "an event must be exactly one JSON object";
            return false;
        }

        if (typeName is null)
        {
            problem = "the event has no type";
            return false;
        }

        if (type is null)
        {
            failure = WatchStreamFailure.UnknownEventType;
            problem = "unknown event type " + (typeName.Length > 40 ? typeName[..40] : typeName);
            return false;
        }

        if (deferred is { } element)
        {
            if (type == WatchEventType.Error)
            {
                status = element.Deserialize(KubernetesJsonContext.Default.V1Status);
            }
            else
            {
                obj = element.Deserialize(objectType);
            }
        }

        if (type != WatchEventType.Error && obj is null)
        {
            problem = typeName + " event without an object";
            return false;
        }

        watchEvent = new WatchEvent<T>(type.Value, obj, status);
        problem = "";
        return true;
    }

    private static WatchEventType? ParseType(string? type) => type switch
    {
        "ADDED" => WatchEventType.Added,
        "MODIFIED" => WatchEventType.Modified,
        "DELETED" => WatchEventType.Deleted,
        "BOOKMARK" => WatchEventType.Bookmark,
        "ERROR" => WatchEventType.Error,
        _ => null,
    };
}
