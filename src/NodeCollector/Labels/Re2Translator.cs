using System.Globalization;
using System.Text;

namespace NodeCollector.Labels;

/// <summary>
/// Rewrites an RE2 pattern into .NET syntax with RE2's meaning, and rejects what RE2 rejects (backreferences,
/// lookaround, atomic groups, conditionals, possessive or doubled quantifiers, repeat counts over 1000).
/// Named groups become plain groups and their Go numbers are returned, because .NET numbers named groups
/// after all unnamed ones while Go numbers every group by its opening parenthesis.
/// </summary>
internal static partial class Re2Translator
{
    private const int MaxRepeat = 1000;

    public static bool TryTranslate(string pattern, out string translated, out IReadOnlyDictionary<string, int> groups, out string? error)
    {
        var state = new State(pattern);
        var ok = state.Run();
        translated = state.Output.ToString();
        groups = state.Groups;
        error = state.Error;
        return ok;
    }

    private sealed partial class State(string pattern)
    {
        private readonly bool _multiline = pattern.Contains("(?m", StringComparison.Ordinal) || pattern.Contains("(?im", StringComparison.Ordinal);
        private int _i;
        private int _groupCount;
        private bool _afterQuantifier;

        public StringBuilder Output { get; } = new(pattern.Length + 16);

        public Dictionary<string, int> Groups { get; } = new(StringComparer.Ordinal);

        public string? Error { get; private set; }

        public bool Run()
        {
            while (_i < pattern.Length && Error is null)
            {
                var c = pattern[_i];
                var quantifier = false;
                switch (c)
                {
                    case '\\':
                        Escape();
                        break;
                    case '[':
                        Class();
                        break;
                    case '(':
                        Group();
                        break;
                    case '*' or '+' or '?':
                        quantifier = Quantifier(c);
                        break;
                    case '{':
                        quantifier = Repeat();
                        break;
                    case '$':
                        Output.Append(_multiline ? "$" : "\\z");
                        _i++;
                        break;
                    default:
                        Output.Append(c);
                        _i++;
                        break;
                }

                _afterQuantifier = quantifier;
            }

            return Error is null;
        }

        private bool Fail(string message)
        {
            Error ??= message;
            return false;
        }

        private bool Quantifier(char c)
        {
            if (_afterQuantifier)
            {
                return Fail($"bad repetition operator: {pattern[(_i - 1)..(_i + 1)]}");
            }

            Output.Append(c);
            _i++;
            if (_i < pattern.Length && pattern[_i] == '?')
            {
                Output.Append('?');
                _i++;
            }

            return true;
        }

        private bool Repeat()
        {
            var close = pattern.IndexOf('}', _i);
            var body = close < 0 ? "" : pattern[(_i + 1)..close];
            var parts = body.Split(',');
            var isRepeat = close > 0 && parts.Length is 1 or 2 && parts[0].Length > 0
                && parts.All(p => p.All(char.IsAsciiDigit));
            if (!isRepeat)
            {
                Output.Append("\\{");
                _i++;
                return false;
            }

            if (_afterQuantifier)
            {
                return Fail($"bad repetition operator: {pattern[_i..(close + 1)]}");
            }

            foreach (var part in parts)
            {
                if (part.Length > 0 && (part.Length > 4 || int.Parse(part, CultureInfo.InvariantCulture) > MaxRepeat))
                {
                    return Fail($"invalid repeat count {{{body}}} (RE2 allows at most {MaxRepeat})");
                }
            }

            Output.Append(pattern, _i, close + 1 - _i);
            _i = close + 1;
            if (_i < pattern.Length && pattern[_i] == '?')
            {
                Output.Append('?');
                _i++;
            }

            return true;
        }

        private void Group()
        {
            if (_i + 1 >= pattern.Length || pattern[_i + 1] != '?')
            {
                _groupCount++;
                Output.Append('(');
                _i++;
                return;
            }

            var rest = pattern.AsSpan(_i + 2);
            if (rest.StartsWith("P<") || (rest.StartsWith("<") && !rest.StartsWith("<=") && !rest.StartsWith("<!")))
            {
                var nameStart = _i + 2 + (rest[0] == 'P' ? 2 : 1);
                var nameEnd = pattern.IndexOf('>', nameStart);
                var name = nameEnd < 0 ? "" : pattern[nameStart..nameEnd];
                if (name.Length == 0 || !name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_'))
                {
                    Fail($"invalid named capture group name \"{name}\"");
                    return;
                }

                _groupCount++;
                if (!Groups.TryAdd(name, _groupCount))
                {
                    Fail($"duplicate capture group name \"{name}\"");
                    return;
                }

                Output.Append('(');
                _i = nameEnd + 1;
                return;
            }

            if (rest.StartsWith("P=") || rest.StartsWith("P>"))
            {
                Fail("backreferences are not supported (RE2)");
            }
            else if (rest.StartsWith("=") || rest.StartsWith("!") || rest.StartsWith("<=") || rest.StartsWith("<!"))
            {
                Fail("lookahead and lookbehind are not supported (RE2)");
            }
            else if (rest.StartsWith(">"))
            {
                Fail("atomic groups are not supported (RE2)");
            }
            else if (rest.StartsWith("("))
            {
                Fail("conditionals are not supported (RE2)");
            }
            else if (rest.StartsWith("#"))
            {
                Fail("comments are not supported (RE2)");
            }
            else
            {
                Flags(rest);
            }
        }

        private void Flags(ReadOnlySpan<char> rest)
        {
            var end = rest.IndexOfAny(':', ')');
            if (end < 0)
            {
                Fail("missing closing )");
                return;
            }

            foreach (var flag in rest[..end])
            {
                if (flag == 'U')
                {
                    Fail("the ungreedy flag (?U) is not supported; use lazy quantifiers such as *? instead");
                    return;
                }

                if (flag is not ('i' or 'm' or 's' or '-'))
                {
                    Fail($"invalid or unsupported flag '{flag}' in group");
                    return;
                }
            }

            Output.Append('(').Append('?').Append(rest[..(end + 1)]);
            _i += 2 + end + 1;
        }

        private void Escape()
        {
            if (_i + 1 >= pattern.Length)
            {
                Fail("trailing backslash at end of expression");
                return;
            }

            var c = pattern[_i + 1];
            _i += 2;
            switch (c)
            {
                case 'd': Output.Append("[0-9]"); break;
                case 'D': Output.Append("[^0-9]"); break;
                case 'w': Output.Append("[0-9A-Za-z_]"); break;
                case 'W': Output.Append("[^0-9A-Za-z_]"); break;
                case 's': Output.Append("[\\t\\n\\f\\r ]"); break;
                case 'S': Output.Append("[^\\t\\n\\f\\r ]"); break;
                case 'A' or 'z' or 'b' or 'B': Output.Append('\\').Append(c); break;
                case 'Q': Quote(); break;
                case 'p' or 'P': UnicodeClass(c, Output); break;
                default: CharEscape(c, Output, inClass: false); break;
            }
        }

        private void Quote()
        {
            var end = pattern.IndexOf("\\E", _i, StringComparison.Ordinal);
            var literal = end < 0 ? pattern[_i..] : pattern[_i..end];
            Output.Append(System.Text.RegularExpressions.Regex.Escape(literal));
            _i = end < 0 ? pattern.Length : end + 2;
        }

        private void UnicodeClass(char p, StringBuilder output)
        {
            if (_i < pattern.Length && pattern[_i] == '{')
            {
                var close = pattern.IndexOf('}', _i);
                if (close < 0)
                {
                    Fail("missing } in \\p{…}");
                    return;
                }

                output.Append('\\').Append(p).Append(pattern, _i, close + 1 - _i);
                _i = close + 1;
            }
            else if (_i < pattern.Length)
            {
                output.Append('\\').Append(p).Append('{').Append(pattern[_i]).Append('}');
                _i++;
            }
            else
            {
                Fail("missing class name after \\p");
            }
        }

        /// <summary>The escapes RE2 accepts besides classes: C escapes, octal, hex and escaped punctuation.</summary>
        private void CharEscape(char c, StringBuilder output, bool inClass)
        {
            switch (c)
            {
                case 'a' or 'f' or 't' or 'n' or 'r' or 'v':
                    output.Append('\\').Append(c);
                    return;
                case >= '0' and <= '7':
                    Octal(c, output);
                    return;
                case '8' or '9':
                    Fail("backreferences are not supported (RE2)");
                    return;
                case 'x':
                    Hex(output);
                    return;
                case 'C':
                    Fail("\\C (any byte) is not supported");
                    return;
            }

            if (char.IsAsciiLetterOrDigit(c) || c == '_' || (!inClass && c > 0x7F && char.IsLetterOrDigit(c)))
            {
                Fail($"invalid escape sequence \\{c}");
                return;
            }

            output.Append('\\').Append(c);
        }

        private void Octal(char first, StringBuilder output)
        {
            var digits = first.ToString();
            while (digits.Length < 3 && _i < pattern.Length && pattern[_i] is >= '0' and <= '7')
            {
                digits += pattern[_i++];
            }

            if (first != '0' && digits.Length == 1)
            {
                Fail("backreferences are not supported (RE2)");
                return;
            }

            output.Append("\\u").Append(Convert.ToInt32(digits, 8).ToString("X4", CultureInfo.InvariantCulture));
        }

        private void Hex(StringBuilder output)
        {
            string hex;
            if (_i < pattern.Length && pattern[_i] == '{')
            {
                var close = pattern.IndexOf('}', _i);
                hex = close < 0 ? "" : pattern[(_i + 1)..close];
                _i = close < 0 ? pattern.Length : close + 1;
            }
            else
            {
                hex = _i + 2 <= pattern.Length ? pattern.Substring(_i, 2) : "";
                _i += 2;
            }

            if (hex.Length == 0 || !int.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code) || code > 0x10FFFF)
            {
                Fail("invalid \\x escape");
                return;
            }

            if (code > 0xFFFF)
            {
                output.Append(System.Text.RegularExpressions.Regex.Escape(char.ConvertFromUtf32(code)));
            }
            else
            {
                output.Append("\\u").Append(code.ToString("X4", CultureInfo.InvariantCulture));
            }
        }
    }
}
