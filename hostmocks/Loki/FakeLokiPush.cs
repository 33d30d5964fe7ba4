using System.Globalization;
using System.Text.Json;
using NodeCollector.Export.Loki.Proto;

namespace HostMocks.Loki;

/// <summary>One decoded push request: its streams as sent (label text and entries).</summary>
internal sealed record FakeLokiPush(IReadOnlyList<FakeLokiPushStream> Streams)
{
    public int EntryCount => Streams.Sum(s => s.Entries.Count);

    /// <summary>Decodes a protobuf push: snappy block compressed, as Loki takes it with or without <c>Content-Encoding: snappy</c>.</summary>
    public static FakeLokiPush FromProtobuf(ReadOnlySpan<byte> snappyBody)
    {
        var request = PushRequest.Parser.ParseFrom(IronSnappy.Snappy.Decode(snappyBody));
        if (request.Streams.Any(s => s.Entries.Any(e => e.Parsed.Count > 0)))
        {
            throw new InvalidDataException("EntryAdapter.parsed (field 4) is internal to Loki and must not be sent");
        }

        return new FakeLokiPush([.. request.Streams.Select(s => new FakeLokiPushStream(
            s.Labels,
            [.. s.Entries.Select(e => new FakeLokiEntry(
                e.Timestamp is null ? 0 : (e.Timestamp.Seconds * 1_000_000_000) + e.Timestamp.Nanos,
                e.Line,
                FakeLokiMetadata.Canonical(e.StructuredMetadata.Select(p => KeyValuePair.Create(p.Name, p.Value)))))]))]);
    }

    /// <summary>Decodes a JSON push: <c>{"streams":[{"stream":{..},"values":[["ns","line"(,{metadata})],..]}]}</c>.</summary>
    public static FakeLokiPush FromJson(ReadOnlySpan<byte> body)
    {
        using var document = JsonDocument.Parse(body.ToArray());
        var streams = new List<FakeLokiPushStream>();
        foreach (var stream in document.RootElement.GetProperty("streams").EnumerateArray())
        {
            var labels = stream.GetProperty("stream").EnumerateObject()
                .Select(p => p.Name + "=" + JsonSerializer.Serialize(p.Value.GetString()))
                .ToList();
            var entries = new List<FakeLokiEntry>();
            foreach (var value in stream.GetProperty("values").EnumerateArray())
            {
                var ns = long.Parse(value[0].GetString()!, NumberStyles.None, CultureInfo.InvariantCulture);
                var metadata = value.GetArrayLength() > 2
                    ? FakeLokiMetadata.Canonical(value[2].EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString()!)))
                    : "";
                entries.Add(new FakeLokiEntry(ns, value[1].GetString()!, metadata));
            }

            streams.Add(new FakeLokiPushStream("{" + string.Join(", ", labels) + "}", entries));
        }

        return new FakeLokiPush(streams);
    }
}

/// <summary>One stream of a push request.</summary>
internal sealed record FakeLokiPushStream(string Labels, IReadOnlyList<FakeLokiEntry> Entries);

/// <summary>One log entry: Unix nanoseconds, the line, and its structured metadata (see <see cref="FakeLokiMetadata"/>).</summary>
internal readonly record struct FakeLokiEntry(long TimestampUnixNanos, string Line, string Metadata = "")
{
    /// <summary>The structured metadata pairs; empty when there are none.</summary>
    public IReadOnlyDictionary<string, string> MetadataPairs => FakeLokiMetadata.Parse(Metadata);
}
