using System.Globalization;
using System.Text;

namespace NodeCollector.Metrics;

/// <summary>
/// Formats a double exactly like Go's <c>strconv.FormatFloat(f, 'g', -1, 64)</c>, the layout of every
/// value in Go-produced exposition text (node_exporter, kubelet, client_golang).
/// </summary>
/// <remarks>
/// The digits are .NET's shortest round-trip digits (the same digits Go picks); only the layout
/// differs: Go uses exponent form when the decimal exponent is below -4 or at least 6 (the precision
/// Go's shortest <c>%g</c> compares against is fixed at 6), with a signed exponent of at least two digits.
/// </remarks>
internal static class GoFloatFormatter
{
    /// <summary>A destination of this many bytes always suffices.</summary>
    public const int MaxLength = 32;

    /// <summary>Writes <paramref name="value"/> as ASCII into <paramref name="destination"/> and returns the bytes written.</summary>
    public static int Format(double value, Span<byte> destination)
    {
        if (double.IsNaN(value))
        {
            return Copy("NaN"u8, destination);
        }

        if (double.IsInfinity(value))
        {
            return Copy(value > 0 ? "+Inf"u8 : "-Inf"u8, destination);
        }

        Span<byte> dotnet = stackalloc byte[MaxLength];
        int dotnetLength;
        if (value != 0 && Math.Abs(value) < 1e15 && Math.Floor(value) == value)
        {
            // Integers this small are exact and spaced at most 1 apart, so their shortest round-trip digits are their
            // own digits: integer formatting gives them far cheaper than the shortest-digits search.
            ((long)value).TryFormat(dotnet, out dotnetLength, default, CultureInfo.InvariantCulture);
        }
        else if (!value.TryFormat(dotnet, out dotnetLength, "R", CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("a double's round-trip form exceeds " + MaxLength + " bytes");
        }

        Span<byte> digits = stackalloc byte[MaxLength];
        var negative = ParseDigits(dotnet[..dotnetLength], digits, out var digitCount, out var decimalPoint);

        var position = 0;
        if (negative)
        {
            destination[position++] = (byte)'-';
        }

        // Go formats zero with no digits and the point at 0, so its exponent is -1: fixed form.
        var exponent = digitCount == 0 ? -1 : decimalPoint - 1;
        if (exponent < -4 || exponent >= 6)
        {
            position += WriteExponentForm(digits[..digitCount], exponent, destination[position..]);
        }
        else
        {
            position += WriteFixedForm(digits[..digitCount], decimalPoint, destination[position..]);
        }

        return position;
    }

    /// <summary>The Go form of <paramref name="value"/> as a string (tests, label values, cold paths).</summary>
    public static string ToString(double value)
    {
        Span<byte> buffer = stackalloc byte[MaxLength];
        var length = Format(value, buffer);
        return Encoding.ASCII.GetString(buffer[..length]);
    }

    /// <summary>
    /// Reads .NET's round-trip text (<c>-1.25E-05</c>, <c>123000</c>, <c>0.001</c>) into significant digits without
    /// leading or trailing zeros and the position of the decimal point relative to them (value = 0.d1d2… × 10^point).
    /// </summary>
    private static bool ParseDigits(ReadOnlySpan<byte> text, Span<byte> digits, out int digitCount, out int decimalPoint)
    {
        var index = 0;
        var negative = text[0] == (byte)'-';
        if (negative)
        {
            index++;
        }

        digitCount = 0;
        decimalPoint = 0;
        var seenPoint = false;
        for (; index < text.Length; index++)
        {
            var c = text[index];
            if (c == (byte)'.')
            {
                seenPoint = true;
                continue;
            }

            if (c is (byte)'E' or (byte)'e')
            {
                break;
            }

            if (c == (byte)'0' && digitCount == 0)
            {
                // A leading zero: before the point it carries no weight, after it it shifts the point left.
                if (seenPoint)
                {
                    decimalPoint--;
                }

                continue;
            }

            digits[digitCount++] = c;
            if (!seenPoint)
            {
                decimalPoint++;
            }
        }

        if (index < text.Length)
        {
            decimalPoint += ParseExponent(text[(index + 1)..]);
        }

        while (digitCount > 0 && digits[digitCount - 1] == (byte)'0')
        {
            digitCount--;
        }

        if (digitCount == 0)
        {
            decimalPoint = 0;
        }

        return negative;
    }

    private static int ParseExponent(ReadOnlySpan<byte> text)
    {
        var sign = 1;
        var index = 0;
        if (text[0] is (byte)'+' or (byte)'-')
        {
            sign = text[0] == (byte)'-' ? -1 : 1;
            index++;
        }

        var exponent = 0;
        for (; index < text.Length; index++)
        {
            exponent = (exponent * 10) + (text[index] - '0');
        }

        return sign * exponent;
    }

    private static int WriteExponentForm(ReadOnlySpan<byte> digits, int exponent, Span<byte> destination)
    {
        var position = 0;
        destination[position++] = digits[0];
        if (digits.Length > 1)
        {
            destination[position++] = (byte)'.';
            digits[1..].CopyTo(destination[position..]);
            position += digits.Length - 1;
        }

        destination[position++] = (byte)'e';
        destination[position++] = exponent < 0 ? (byte)'-' : (byte)'+';
        var magnitude = Math.Abs(exponent);
        if (magnitude >= 100)
        {
            destination[position++] = (byte)('0' + (magnitude / 100));
            magnitude %= 100;
            destination[position++] = (byte)('0' + (magnitude / 10));
        }
        else
        {
            destination[position++] = (byte)('0' + (magnitude / 10));
        }

        destination[position++] = (byte)('0' + (magnitude % 10));
        return position;
    }

    private static int WriteFixedForm(ReadOnlySpan<byte> digits, int decimalPoint, Span<byte> destination)
    {
        var position = 0;
        if (decimalPoint > 0)
        {
            var integerDigits = Math.Min(digits.Length, decimalPoint);
            digits[..integerDigits].CopyTo(destination);
            position = integerDigits;
            for (; position < decimalPoint; position++)
            {
                destination[position] = (byte)'0';
            }
        }
        else
        {
            destination[position++] = (byte)'0';
        }

        var fractionDigits = digits.Length - decimalPoint;
        if (fractionDigits > 0)
        {
            destination[position++] = (byte)'.';
            for (var i = 0; i < fractionDigits; i++)
            {
                var j = decimalPoint + i;
                destination[position++] = j >= 0 ? digits[j] : (byte)'0';
            }
        }

        return position;
    }

    private static int Copy(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        text.CopyTo(destination);
        return text.Length;
    }
}
