using System.Buffers.Text;
using System.Globalization;

namespace NodeCollector.Scrape;

/// <summary>Sample values and timestamps as Prometheus reads them, from UTF-8 bytes.</summary>
internal static class ExpositionNumbers
{
    /// <summary>Go float syntax plus NaN and infinities in any case (<c>NaN</c>, <c>+Inf</c>, <c>-Inf</c>, <c>Inf</c>, <c>infinity</c>).</summary>
    public static bool TryParseValue(ReadOnlySpan<byte> text, out double value)
    {
        if (text.IsEmpty)
        {
            value = 0;
            return false;
        }

        if (TryParseSmallInteger(text, out value))
        {
            return true;
        }

        var sign = text[0] == '-' ? -1.0 : 1.0;
        var unsigned = text[0] is (byte)'+' or (byte)'-' ? text[1..] : text;
        if (EqualsIgnoreCase(unsigned, "inf"u8) || EqualsIgnoreCase(unsigned, "infinity"u8))
        {
            value = sign * double.PositiveInfinity;
            return true;
        }

        if (EqualsIgnoreCase(unsigned, "nan"u8))
        {
            value = double.NaN;
            return true;
        }

        // Digits, sign, point and exponent only: .NET would also accept its own words and surrounding spaces.
        foreach (var b in text)
        {
            if (!(char.IsAsciiDigit((char)b) || b is (byte)'.' or (byte)'e' or (byte)'E' or (byte)'+' or (byte)'-'))
            {
                value = 0;
                return false;
            }
        }

        return double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// Most sample values are small integers ("0", "4096"): up to 15 digits with an optional minus sign are exact in a
    /// double, so they are converted directly instead of through the general float parser.
    /// </summary>
    private static bool TryParseSmallInteger(ReadOnlySpan<byte> text, out double value)
    {
        var negative = text[0] == '-';
        var digits = negative ? text[1..] : text;
        if (digits.IsEmpty || digits.Length > 15)
        {
            value = 0;
            return false;
        }

        long whole = 0;
        foreach (var b in digits)
        {
            var digit = (uint)(b - '0');
            if (digit > 9)
            {
                value = 0;
                return false;
            }

            whole = (whole * 10) + digit;
        }

        value = negative ? (whole == 0 ? -0.0 : -whole) : whole;
        return true;
    }

    /// <summary>Text 0.0.4 timestamps: integer milliseconds.</summary>
    public static bool TryParseMilliseconds(ReadOnlySpan<byte> text, out long milliseconds) =>
        Utf8Parser.TryParse(text, out milliseconds, out var consumed) && consumed == text.Length;

    /// <summary>OpenMetrics timestamps: seconds as a decimal number, truncated to milliseconds without float error.</summary>
    public static bool TryParseSeconds(ReadOnlySpan<byte> text, out long milliseconds)
    {
        milliseconds = 0;
        var point = text.IndexOf((byte)'.');
        var exponent = text.IndexOfAny((byte)'e', (byte)'E');
        if (exponent >= 0)
        {
            if (!TryParseValue(text, out var seconds) || !double.IsFinite(seconds))
            {
                return false;
            }

            milliseconds = (long)(seconds * 1000);
            return true;
        }

        var whole = point < 0 ? text : text[..point];
        if (!Utf8Parser.TryParse(whole, out long secondsPart, out var consumed) || consumed != whole.Length)
        {
            return false;
        }

        long fraction = 0;
        if (point >= 0)
        {
            var digits = text[(point + 1)..];
            for (var i = 0; i < digits.Length; i++)
            {
                if (!char.IsAsciiDigit((char)digits[i]))
                {
                    return false;
                }

                if (i < 3)
                {
                    fraction = (fraction * 10) + (digits[i] - '0');
                }
            }

            for (var i = digits.Length; i < 3; i++)
            {
                fraction *= 10;
            }
        }

        var negative = !whole.IsEmpty && whole[0] == '-';
        milliseconds = (secondsPart * 1000) + (negative ? -fraction : fraction);
        return true;
    }

    private static bool EqualsIgnoreCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> lowerWord)
    {
        if (text.Length != lowerWord.Length)
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if ((text[i] | 0x20) != lowerWord[i])
            {
                return false;
            }
        }

        return true;
    }
}
