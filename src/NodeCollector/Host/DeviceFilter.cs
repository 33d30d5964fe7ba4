using System.Text.RegularExpressions;

namespace NodeCollector.Host;

/// <summary>
/// A device name filter as node_exporter's <c>device-exclude</c> flags apply it (unanchored Go regexp match), with the
/// decision remembered per name so that a steady-state collection matches no regex.
/// </summary>
internal sealed class DeviceFilter
{
    private readonly Regex? _exclude;
    private readonly Regex? _include;
    private readonly Dictionary<string, bool> _decisions = new(StringComparer.Ordinal);

    public DeviceFilter(string exclude, string include = "")
    {
        _exclude = exclude.Length > 0 ? new Regex(exclude, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)) : null;
        _include = include.Length > 0 ? new Regex(include, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)) : null;
    }

    public bool Excludes(string device)
    {
        if (_exclude is null && _include is null)
        {
            return false;
        }

        if (!_decisions.TryGetValue(device, out var excluded))
        {
            excluded = (_exclude?.IsMatch(device) ?? false) || (_include is not null && !_include.IsMatch(device));
            if (_decisions.Count > 4096)
            {
                _decisions.Clear();
            }

            _decisions[device] = excluded;
        }

        return excluded;
    }
}
