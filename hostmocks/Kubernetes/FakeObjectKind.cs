namespace HostMocks.Kubernetes;

/// <summary>The resources the fake API server serves.</summary>
internal enum FakeObjectKind
{
    Pod,
    Node,
}
