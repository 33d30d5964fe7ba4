namespace NodeCollector.Config;

/// <summary>
/// A configuration value that must never be printed: logs, errors and the status page see
/// <c>&lt;secret&gt;</c>. Only the code that sends it calls <see cref="Reveal"/>.
/// </summary>
internal sealed class Secret
{
    public static readonly Secret Empty = new("");

    private readonly string _value;

    public Secret(string value)
    {
        _value = value;
    }

    public bool IsEmpty => _value.Length == 0;

    public string Reveal() => _value;

    public override string ToString() => IsEmpty ? "" : "<secret>";
}
