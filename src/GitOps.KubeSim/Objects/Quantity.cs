using System.Globalization;

namespace GitOps.KubeSim.Objects;

/// <summary>Kubernetes resource quantities in canonical form: 0.5 becomes 500m, 1024Mi becomes 1Gi, 2000 becomes 2k.</summary>
internal static class Quantity
{
    private static readonly (string Suffix, int Power)[] Binary = [("Ki", 1), ("Mi", 2), ("Gi", 3), ("Ti", 4), ("Pi", 5), ("Ei", 6)];
    private static readonly (string Suffix, int Exponent)[] DecimalSuffixes = [("n", -9), ("u", -6), ("m", -3), ("", 0), ("k", 3), ("M", 6), ("G", 9), ("T", 12), ("P", 15), ("E", 18)];

    /// <summary>The canonical text of a quantity, or null when the text is not a quantity.</summary>
    public static string? Canonicalize(string text)
    {
        text = text.Trim();
        var split = 0;
        while (split < text.Length && (char.IsDigit(text[split]) || text[split] is '.' or '+' or '-'))
        {
            split++;
        }

        if (split == 0 || !decimal.TryParse(text[..split], NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }

        var suffix = text[split..];
        if (suffix.Length > 1 && suffix[0] is 'e' or 'E' && int.TryParse(suffix[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exp))
        {
            var value = number * Pow10(exp);
            return FormatExponent(value);
        }

        var binary = Array.FindIndex(Binary, b => b.Suffix == suffix);
        if (binary >= 0)
        {
            var bytes = number * Pow1024(Binary[binary].Power);
            if (bytes == decimal.Truncate(bytes) && Math.Abs(bytes) >= 1024)
            {
                return FormatBinary(bytes);
            }

            return FormatDecimal(bytes);
        }

        var dec = Array.FindIndex(DecimalSuffixes, d => d.Suffix == suffix);
        return dec < 0 ? null : FormatDecimal(number * Pow10(DecimalSuffixes[dec].Exponent));
    }

    private static string FormatBinary(decimal bytes)
    {
        for (var i = Binary.Length - 1; i >= 0; i--)
        {
            var unit = Pow1024(Binary[i].Power);
            if (bytes % unit == 0)
            {
                return Normal(bytes / unit) + Binary[i].Suffix;
            }
        }

        return Normal(bytes);
    }

    // decimal keeps trailing zeros of its scale (1536.0); dividing by 1.000... drops them.
    private static string Normal(decimal value) => (value / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);

    private static string FormatDecimal(decimal value)
    {
        // Kubernetes keeps at most nano precision and rounds up beyond it.
        var nanos = decimal.Ceiling(value * 1_000_000_000m);
        if (nanos == 0)
        {
            return "0";
        }

        for (var i = DecimalSuffixes.Length - 1; i >= 0; i--)
        {
            var unit = Pow10(DecimalSuffixes[i].Exponent + 9);
            if (nanos % unit == 0)
            {
                return Normal(nanos / unit) + DecimalSuffixes[i].Suffix;
            }
        }

        return Normal(nanos) + "n";
    }

    private static string FormatExponent(decimal value)
    {
        var text = FormatDecimal(value);
        var last = text[^1];
        var index = Array.FindIndex(DecimalSuffixes, d => d.Suffix.Length == 1 && d.Suffix[0] == last);
        if (index < 0 || DecimalSuffixes[index].Exponent < 0)
        {
            return text;
        }

        return text[..^1] + "e" + DecimalSuffixes[index].Exponent.ToString(CultureInfo.InvariantCulture);
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < Math.Abs(exponent); i++)
        {
            result = exponent > 0 ? result * 10 : result / 10;
        }

        return result;
    }

    private static decimal Pow1024(int power)
    {
        var result = 1m;
        for (var i = 0; i < power; i++)
        {
            result *= 1024;
        }

        return result;
    }
}
