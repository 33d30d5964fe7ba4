namespace NodeCollector.Labels;

/// <summary>Character classes: RE2's ASCII <c>\d \w \s</c> and their negations inside brackets, and POSIX classes.</summary>
internal static partial class Re2Translator
{
    private static readonly Dictionary<string, string> PosixClasses = new(StringComparer.Ordinal)
    {
        ["alnum"] = "0-9A-Za-z",
        ["alpha"] = "A-Za-z",
        ["ascii"] = "\\x00-\\x7F",
        ["blank"] = "\\t ",
        ["cntrl"] = "\\x00-\\x1F\\x7F",
        ["digit"] = "0-9",
        ["graph"] = "!-~",
        ["lower"] = "a-z",
        ["print"] = " -~",
        ["punct"] = "!-/:-@\\[-`{-~",
        ["space"] = "\\t\\n\\v\\f\\r ",
        ["upper"] = "A-Z",
        ["word"] = "0-9A-Za-z_",
        ["xdigit"] = "0-9A-Fa-f",
    };

    private sealed partial class State
    {
        private void Class()
        {
            Output.Append('[');
            _i++;
            if (_i < pattern.Length && pattern[_i] == '^')
            {
                Output.Append('^');
                _i++;
            }

            var first = true;
            while (_i < pattern.Length && Error is null)
            {
                var c = pattern[_i];
                if (c == ']' && !first)
                {
                    Output.Append(']');
                    _i++;
                    return;
                }

                first = false;
                if (c == '[' && pattern.AsSpan(_i).StartsWith("[:"))
                {
                    PosixClass();
                }
                else if (c == '\\' && _i + 1 < pattern.Length)
                {
                    ClassEscape(pattern[_i + 1]);
                }
                else
                {
                    Output.Append(c is '[' or ']' ? "\\" + c : c.ToString());
                    _i++;
                }
            }

            Fail("missing closing ]");
        }

        private void ClassEscape(char c)
        {
            _i += 2;
            switch (c)
            {
                case 'd': Output.Append("0-9"); break;
                case 'D': Output.Append("\\x00-/:-\\uFFFF"); break;
                case 'w': Output.Append("0-9A-Za-z_"); break;
                case 'W': Output.Append("\\x00-/:-@\\[-\\^`{-\\uFFFF"); break;
                case 's': Output.Append("\\t\\n\\f\\r "); break;
                case 'S': Output.Append("\\x00-\\x08\\x0B\\x0E-\\x1F!-\\uFFFF"); break;
                case 'p' or 'P': UnicodeClass(c, Output); break;
                default: CharEscape(c, Output, inClass: true); break;
            }
        }

        private void PosixClass()
        {
            var close = pattern.IndexOf(":]", _i + 2, StringComparison.Ordinal);
            var name = close < 0 ? "" : pattern[(_i + 2)..close];
            if (!PosixClasses.TryGetValue(name, out var ranges))
            {
                Fail($"invalid character class range [:{name}:]");
                return;
            }

            Output.Append(ranges);
            _i = close + 2;
        }
    }
}
