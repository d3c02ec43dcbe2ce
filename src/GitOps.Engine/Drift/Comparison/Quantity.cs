using System.Globalization;

namespace GitOps.Engine.Drift.Comparison;

/// <summary>
/// Kubernetes resource quantities ("500m", "1Gi", "1e3", "0.5") read as exact decimal values, so
/// that spellings the API server canonicalises ("1000m" to "1", "0.5" to "500m") compare equal.
/// </summary>
public static class Quantity
{
    private const int MaxLength = 64;

    /// <summary>Parses a quantity; false when the text is not one (or is too large for a decimal).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out decimal value)
    {
        value = 0;
        text = text.Trim();
        if (text.IsEmpty || text.Length > MaxLength)
        {
            return false;
        }

        var numberEnd = NumberLength(text);
        if (numberEnd == 0)
        {
            return false;
        }

        if (!decimal.TryParse(text[..numberEnd], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        var rest = text[numberEnd..];
        try
        {
            if (rest.Length > 1 && (rest[0] is 'e' or 'E') && int.TryParse(rest[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exponent))
            {
                value = Scale(number, 10m, exponent);
                return true;
            }

            if (!TryMultiplier(rest, out var multiplier))
            {
                return false;
            }

            value = number * multiplier;
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <summary>Parses quantity text given as UTF-8 bytes (ASCII only).</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out decimal value)
    {
        value = 0;
        if (utf8.Length > MaxLength)
        {
            return false;
        }

        Span<char> chars = stackalloc char[utf8.Length];
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] > 0x7F)
            {
                return false;
            }

            chars[i] = (char)utf8[i];
        }

        return TryParse(chars, out value);
    }

    private static int NumberLength(ReadOnlySpan<char> text)
    {
        var i = 0;
        if (i < text.Length && text[i] is '+' or '-')
        {
            i++;
        }

        var digits = 0;
        while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
        {
            digits += char.IsAsciiDigit(text[i]) ? 1 : 0;
            i++;
        }

        return digits == 0 ? 0 : i;
    }

    private static bool TryMultiplier(ReadOnlySpan<char> suffix, out decimal multiplier)
    {
        multiplier = suffix switch
        {
            "" => 1m,
            "n" => 0.000000001m,
            "u" => 0.000001m,
            "m" => 0.001m,
            "k" => 1_000m,
            "M" => 1_000_000m,
            "G" => 1_000_000_000m,
            "T" => 1_000_000_000_000m,
            "P" => 1_000_000_000_000_000m,
            "E" => 1_000_000_000_000_000_000m,
            "Ki" => 1024m,
            "Mi" => 1024m * 1024,
            "Gi" => 1024m * 1024 * 1024,
            "Ti" => 1024m * 1024 * 1024 * 1024,
            "Pi" => 1024m * 1024 * 1024 * 1024 * 1024,
            "Ei" => 1024m * 1024 * 1024 * 1024 * 1024 * 1024,
            _ => -1m,
        };
        return multiplier > 0;
    }

    private static decimal Scale(decimal number, decimal radix, int exponent)
    {
        if (exponent is > 30 or < -30)
        {
            throw new OverflowException("quantity exponent out of range");
        }

        var result = number;
        for (var i = 0; i < Math.Abs(exponent); i++)
        {
            result = exponent > 0 ? result * radix : result / radix;
        }

        return result;
    }
}
