namespace NodeCollector.Labels;

/// <summary>Prometheus' legacy label-name and metric-name syntax, for validating configured names.</summary>
internal static class LabelNames
{
    public static bool IsValid(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
