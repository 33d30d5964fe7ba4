namespace NodeCollector.Logs;

/// <summary>
/// A pod's log directory name, <c>&lt;namespace&gt;_&lt;pod&gt;_&lt;uid&gt;</c>: Kubernetes names cannot hold <c>_</c>,
/// so the three parts split unambiguously.
/// </summary>
internal sealed record PodLogDirectory(string Namespace, string Pod, string Uid)
{
    public static bool TryParse(string name, out PodLogDirectory directory)
    {
        directory = null!;
        var first = name.IndexOf('_', StringComparison.Ordinal);
        var last = name.LastIndexOf('_');
        if (first <= 0 || last <= first + 1 || last == name.Length - 1)
        {
            return false;
        }

        directory = new PodLogDirectory(name[..first], name[(first + 1)..last], name[(last + 1)..]);
        return true;
    }
}
