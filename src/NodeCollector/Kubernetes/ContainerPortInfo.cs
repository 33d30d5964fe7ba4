namespace NodeCollector.Kubernetes;

/// <summary>A declared container port. <paramref name="Name"/> is empty when the port is unnamed.</summary>
internal readonly record struct ContainerPortInfo(string Name, int Number, string Protocol);
