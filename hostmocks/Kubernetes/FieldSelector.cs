namespace HostMocks.Kubernetes;

/// <summary>
/// The field selectors the fake server understands: <c>spec.nodeName=X</c> for pods and <c>metadata.name=X</c>
/// (<c>==</c> too), comma-separated terms all of which must hold. Empty selects everything.
/// </summary>
internal sealed class FieldSelector
{
    private readonly string? _nodeName;
    private readonly string? _name;

    private FieldSelector(string? nodeName, string? name)
    {
        _nodeName = nodeName;
        _name = name;
    }

    public static FieldSelector All { get; } = new(null, null);

    public static bool TryParse(string? text, FakeObjectKind kind, out FieldSelector selector, out string problem)
    {
        selector = All;
        problem = "";
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        string? nodeName = null;
        string? name = null;
        foreach (var term in text.Split(','))
        {
            var parts = term.Split("==") is { Length: 2 } doubled ? doubled : term.Split('=');
            if (parts.Length != 2)
            {
                problem = $"unsupported field selector term \"{term}\"";
                return false;
            }

            switch (parts[0])
            {
                case "spec.nodeName" when kind == FakeObjectKind.Pod:
                    nodeName = parts[1];
                    break;
                case "metadata.name":
                    name = parts[1];
                    break;
                default:
                    problem = $"field label not supported: {parts[0]}";
                    return false;
            }
        }

        selector = new FieldSelector(nodeName, name);
        return true;
    }

    public bool Matches(string? objectName, string? objectNodeName) =>
        (_nodeName is null || _nodeName == (objectNodeName ?? "")) && (_name is null || _name == objectName);
}
