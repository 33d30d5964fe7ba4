namespace NodeCollector.Kubernetes;

/// <summary>One of a node's addresses; <paramref name="Type"/> is InternalIP, ExternalIP, Hostname, ...</summary>
internal readonly record struct NodeAddressInfo(string Type, string Address);
