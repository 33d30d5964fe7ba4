using System.Buffers;
using System.Globalization;
using System.Text.Json;
using NodeCollector.Kubernetes.Api;

namespace HostMocks.Kubernetes;

/// <summary>Serializes watch lines as the API server writes them: <c>{"type":T,"object":{...}}</c> and a newline.</summary>
internal static class FakeWatchEvents
{
    public static byte[] Line(string type, V1Pod pod) => Write(type, writer => JsonSerializer.Serialize(writer, pod, KubernetesJsonContext.Default.V1Pod));

    public static byte[] Line(string type, V1Node node) => Write(type, writer => JsonSerializer.Serialize(writer, node, KubernetesJsonContext.Default.V1Node));

    public static byte[] Bookmark(FakeObjectKind kind, long resourceVersion) => Write("BOOKMARK", writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("kind", kind == FakeObjectKind.Pod ? "Pod" : "Node");
        writer.WriteString("apiVersion", "v1");
        writer.WriteStartObject("metadata");
        writer.WriteString("resourceVersion", resourceVersion.ToString(CultureInfo.InvariantCulture));
        writer.WriteEndObject();
        writer.WriteEndObject();
    });

    public static byte[] Expired(long requested, long oldest) => Write("ERROR", writer => JsonSerializer.Serialize(
        writer, Status(410, "Expired", $"too old resource version: {requested} ({oldest})"), KubernetesJsonContext.Default.V1Status));

    public static V1Status Status(int code, string reason, string message) => new()
    {
        Kind = "Status",
        ApiVersion = "v1",
        Status = "Failure",
        Reason = reason,
        Message = message,
        Code = code,
    };

    private static byte[] Write(string type, Action<Utf8JsonWriter> writeObject)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WritePropertyName("object");
            writeObject(writer);
            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}
