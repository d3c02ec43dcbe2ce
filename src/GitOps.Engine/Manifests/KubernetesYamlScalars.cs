using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GitOps.Engine.Manifests;

/// <summary>Resolves unquoted YAML scalars the way kubectl does.</summary>
/// <remarks>
/// kubectl reads manifests with sigs.k8s.io/yaml, which decodes with a fork of go-yaml v2 (YAML 1.1
/// resolution) into untyped values before converting to JSON. So, exactly as kubectl sends them:
/// unquoted <c>yes/no/on/off/y/n</c> (and their capitalised forms) are booleans, <c>0755</c> is the
/// octal integer 493, <c>0x1F</c> and <c>0b101</c> are integers, <c>1e3</c> is a number,
/// <c>~</c>/<c>null</c>/empty are null, and timestamps stay strings. Quoted, literal and folded
/// scalars are always strings, so <c>"on"</c> and <c>"0755"</c> keep what the author wrote.
/// <c>.inf</c> and <c>.nan</c> have no JSON form and are rejected (kubectl fails on them too).
/// </remarks>
public static partial class KubernetesYamlScalars
{
    private static readonly HashSet<string> True = new(StringComparer.Ordinal) { "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON" };
    private static readonly HashSet<string> False = new(StringComparer.Ordinal) { "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF" };
    private static readonly HashSet<string> Null = new(StringComparer.Ordinal) { "", "~", "null", "Null", "NULL" };
    private static readonly HashSet<string> NotANumber = new(StringComparer.Ordinal) { ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF" };

    /// <summary>Resolves a plain (unquoted) scalar. Throws <see cref="FormatException"/> for values JSON cannot hold.</summary>
    public static JsonNode? ResolvePlain(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Null.Contains(text))
        {
            return null;
        }

        if (True.Contains(text))
        {
            return JsonValue.Create(true);
        }

        if (False.Contains(text))
        {
            return JsonValue.Create(false);
        }

        if (NotANumber.Contains(text))
        {
            throw new FormatException($"'{text}' is not representable in JSON; quote it to keep it as a string");
        }

        if ("+-.0123456789".Contains(text[0], StringComparison.Ordinal))
        {
            var number = TryNumber(text);
            if (number is not null)
            {
                return number;
            }
        }

        return JsonValue.Create(text);
    }

    /// <summary>The key string sigs.k8s.io/yaml produces for a scalar key (non-string keys are formatted).</summary>
    public static string KeyText(JsonNode? resolved, string raw) => resolved switch
    {
        null => "null",
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v => v.ToJsonString(),
        _ => raw,
    };

    private static JsonValue? TryNumber(string text)
    {
        var plain = text.Replace("_", "", StringComparison.Ordinal);
        var negative = plain.StartsWith('-');
        var unsigned = plain.TrimStart('+', '-');
        if (unsigned.Length == 0)
        {
            return null;
        }

        if (TryInteger(unsigned, out var magnitude))
        {
            if (negative)
            {
                return magnitude <= (ulong)long.MaxValue + 1 ? JsonValue.Create(unchecked(-(long)magnitude)) : null;
            }

            return magnitude <= long.MaxValue ? JsonValue.Create((long)magnitude) : JsonValue.Create(magnitude);
        }

        if (FloatPattern().IsMatch(plain) && double.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
        {
            return JsonValue.Create(d);
        }

        return null;
    }

    // Go's strconv.ParseUint(s, 0, 64): 0x/0X hex, 0o/0O octal, 0b/0B binary, a leading 0 means octal.
    private static bool TryInteger(string s, out ulong value)
    {
        value = 0;
        int radix;
        var digits = s;
        if (s.Length > 2 && s[0] == '0' && (s[1] is 'x' or 'X'))
        {
            radix = 16;
            digits = s[2..];
        }
        else if (s.Length > 2 && s[0] == '0' && (s[1] is 'o' or 'O'))
        {
            radix = 8;
            digits = s[2..];
        }
        else if (s.Length > 2 && s[0] == '0' && (s[1] is 'b' or 'B'))
        {
            radix = 2;
            digits = s[2..];
        }
        else if (s.Length > 1 && s[0] == '0')
        {
            radix = 8;
            digits = s[1..];
        }
        else
        {
            radix = 10;
        }

        foreach (var c in digits)
        {
            var digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => 99,
            };
            if (digit >= radix)
            {
                return false;
            }

            var next = unchecked((value * (ulong)radix) + (ulong)digit);
            if (value > (ulong.MaxValue - (ulong)digit) / (ulong)radix)
            {
                return false;
            }

            value = next;
        }

        return digits.Length > 0;
    }

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();
}
