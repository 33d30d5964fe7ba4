namespace HostMocks.Kubernetes;

/// <summary>One change in the fake cluster's history, with its watch line already serialized (ends with a newline).</summary>
internal sealed record FakeHistoryEvent(long ResourceVersion, FakeObjectKind Kind, string Type, string Name, string? NodeName, byte[] Line);
