using System.Security.Cryptography;
using System.Text;
using NodeCollector.Config;

namespace NodeCollector.Labels;

/// <summary>
/// One compiled <c>relabel_config</c> with Prometheus' semantics (model/relabel): <see cref="Apply"/> changes a
/// builder in place and returns false when the target or series is to be dropped.
/// </summary>
internal sealed class RelabelRule
{
    private static readonly Dictionary<string, RelabelAction> Actions = new(StringComparer.Ordinal)
    {
        ["replace"] = RelabelAction.Replace,
        ["keep"] = RelabelAction.Keep,
        ["drop"] = RelabelAction.Drop,
        ["keepequal"] = RelabelAction.KeepEqual,
        ["dropequal"] = RelabelAction.DropEqual,
        ["hashmod"] = RelabelAction.HashMod,
        ["labelmap"] = RelabelAction.LabelMap,
        ["labeldrop"] = RelabelAction.LabelDrop,
        ["labelkeep"] = RelabelAction.LabelKeep,
        ["lowercase"] = RelabelAction.Lowercase,
        ["uppercase"] = RelabelAction.Uppercase,
    };

    private readonly string[] _sourceLabels;
    private readonly string _separator;
    private readonly Re2Regex _regex;
    private readonly ulong _modulus;
    private readonly string _targetLabel;
    private readonly string _replacement;
    private readonly bool _literalReplace;

    private RelabelRule(RelabelAction action, RelabelConfig config, Re2Regex regex)
    {
        Action = action;
        _sourceLabels = [.. config.SourceLabels];
        _separator = config.Separator;
        _regex = regex;
        _modulus = config.Modulus;
        _targetLabel = config.TargetLabel;
        _replacement = config.Replacement;
        _literalReplace = config.Regex == Re2Regex.DefaultRelabelPattern
            && !RegexTemplate.HasReference(config.TargetLabel) && !RegexTemplate.HasReference(config.Replacement);
    }

    public RelabelAction Action { get; }

    public static IReadOnlyCollection<string> ActionNames => Actions.Keys;

    /// <summary>Compiles a rule, or returns every problem as (key, message) the way Prometheus' validation words them.</summary>
    public static RelabelRule? TryCreate(RelabelConfig config, out IReadOnlyList<(string Key, string Message)> problems)
    {
        var found = new List<(string, string)>();
        problems = found;
        if (!Actions.TryGetValue(config.Action, out var action))
        {
            found.Add(("action", $"unknown relabel action \"{config.Action}\" (expected one of: {string.Join(", ", Actions.Keys)})"));
            return null;
        }

        if (!Re2Regex.TryCreateAnchored(config.Regex, out var regex, out var regexError))
        {
            found.Add(("regex", regexError!));
        }

        RelabelRuleValidation.Check(action, config, found);
        return found.Count == 0 ? new RelabelRule(action, config, regex!) : null;
    }

    /// <summary>Applies every rule in order; false as soon as one drops the target or series.</summary>
    public static bool ApplyAll(IReadOnlyList<RelabelRule> rules, LabelSetBuilder labels)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            if (!rules[i].Apply(labels))
            {
                return false;
            }
        }

        return true;
    }

    public bool Apply(LabelSetBuilder labels)
    {
        var value = SourceValue(labels);
        switch (Action)
        {
            case RelabelAction.Keep:
                return _regex.IsMatch(value);
            case RelabelAction.Drop:
                return !_regex.IsMatch(value);
            case RelabelAction.KeepEqual:
                return labels.Get(_targetLabel) == value;
            case RelabelAction.DropEqual:
                return labels.Get(_targetLabel) != value;
            case RelabelAction.Replace:
                Replace(labels, value);
                return true;
            case RelabelAction.HashMod:
                labels.Set(_targetLabel, (HashOf(value) % _modulus).ToString(System.Globalization.CultureInfo.InvariantCulture));
                return true;
            case RelabelAction.Lowercase:
                labels.Set(_targetLabel, value.ToLowerInvariant());
                return true;
            case RelabelAction.Uppercase:
                labels.Set(_targetLabel, value.ToUpperInvariant());
                return true;
            case RelabelAction.LabelMap:
                foreach (var label in labels.Snapshot())
                {
                    var match = _regex.Match(label.Name);
                    if (match.Success)
                    {
                        labels.Set(RegexTemplate.Expand(_replacement, match, _regex), label.Value);
                    }
                }

                return true;
            case RelabelAction.LabelDrop or RelabelAction.LabelKeep:
                foreach (var label in labels.Snapshot())
                {
                    if (_regex.IsMatch(label.Name) == (Action == RelabelAction.LabelDrop))
                    {
                        labels.Delete(label.Name);
                    }
                }

                return true;
            default:
                throw new InvalidOperationException($"unhandled relabel action {Action}");
        }
    }

    /// <summary>The low 64 bits of MD5(value), big-endian: Prometheus' hashmod.</summary>
    internal static ulong HashOf(string value)
    {
        Span<byte> digest = stackalloc byte[MD5.HashSizeInBytes];
        var bytes = Encoding.UTF8.GetBytes(value);
#pragma warning disable CA5351 // MD5 is what Prometheus' hashmod is defined with; it is not used for security.
        MD5.HashData(bytes, digest);
#pragma warning restore CA5351
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(digest[8..]);
    }

    private void Replace(LabelSetBuilder labels, string value)
    {
        if (_literalReplace && value.Length == 0)
        {
            labels.Set(_targetLabel, _replacement);
            return;
        }

        var match = _regex.Match(value);
        if (!match.Success)
        {
            return;
        }

        var target = RegexTemplate.Expand(_targetLabel, match, _regex);
        if (!LabelNames.IsValid(target))
        {
            return;
        }

        labels.Set(target, RegexTemplate.Expand(_replacement, match, _regex));
    }

    private string SourceValue(LabelSetBuilder labels)
    {
        return _sourceLabels.Length switch
        {
            0 => "",
            1 => labels.Get(_sourceLabels[0]),
            _ => Join(labels),
        };
    }

    private string Join(LabelSetBuilder labels)
    {
        var text = new StringBuilder();
        for (var i = 0; i < _sourceLabels.Length; i++)
        {
            if (i > 0)
            {
                text.Append(_separator);
            }

            text.Append(labels.Get(_sourceLabels[i]));
        }

        return text.ToString();
    }
}
