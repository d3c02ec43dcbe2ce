using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOps.Engine.Drift.Comparison;

/// <summary>
/// Equality of JSON scalars under the conversions Kubernetes makes: numbers by value (1 == 1.0),
/// a numeric string and a number (int-or-string fields), quantities by value in resource maps.
/// Reads values backed by parsed JSON without allocating.
/// </summary>
internal static class Scalars
{
    public static bool Equal(JsonValue desired, JsonValue live, bool quantities)
    {
        var desiredKind = desired.GetValueKind();
        var liveKind = live.GetValueKind();
        if (desiredKind == liveKind)
        {
            return desiredKind switch
            {
                JsonValueKind.String => StringEquals(desired, live) || (quantities && QuantityEquals(desired, live)),
                JsonValueKind.Number => TryNumber(desired, quantities, out var d) && TryNumber(live, quantities, out var l) && d == l,
                _ => true, // true, false, null: the kind is the value
            };
        }

        if (desiredKind is JsonValueKind.String or JsonValueKind.Number && liveKind is JsonValueKind.String or JsonValueKind.Number)
        {
            return TryNumber(desired, quantities, out var d) && TryNumber(live, quantities, out var l) && d == l;
        }

        return false;
    }

    /// <summary>Go's zero values (false, 0, ""), which omitempty fields drop: desired zero equals live absent.</summary>
    public static bool IsZero(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.False or JsonValueKind.Null => true,
        JsonValueKind.Number => TryNumber(value, quantities: false, out var n) && n == 0,
        JsonValueKind.String => StringLengthIsZero(value),
        _ => false,
    };

    private static bool StringLengthIsZero(JsonValue value)
    {
        if (value.TryGetValue<JsonElement>(out var element))
        {
            return element.ValueEquals(ReadOnlySpan<byte>.Empty);
        }

        return value.TryGetValue<string>(out var s) && s.Length == 0;
    }

    private static bool StringEquals(JsonValue a, JsonValue b)
    {
        var aIsElement = a.TryGetValue<JsonElement>(out var ae);
        var bIsElement = b.TryGetValue<JsonElement>(out var be);
        if (aIsElement && bIsElement)
        {
            return JsonElement.DeepEquals(ae, be);
        }

        if (aIsElement)
        {
            return b.TryGetValue<string>(out var bs) && ae.ValueEquals(bs);
        }

        if (bIsElement)
        {
            return a.TryGetValue<string>(out var aStr) && be.ValueEquals(aStr);
        }

        return a.TryGetValue<string>(out var x) && b.TryGetValue<string>(out var y) && string.Equals(x, y, StringComparison.Ordinal);
    }

    private static bool QuantityEquals(JsonValue a, JsonValue b) =>
        TryQuantity(a, out var x) && TryQuantity(b, out var y) && x == y;

    private static bool TryQuantity(JsonValue value, out decimal quantity)
    {
        if (value.TryGetValue<JsonElement>(out var element))
        {
            var raw = JsonMarshal.GetRawUtf8Value(element);
            if (element.ValueKind == JsonValueKind.String)
            {
                raw = raw[1..^1];
            }

            return Quantity.TryParse(raw, out quantity);
        }

        quantity = 0;
        return value.TryGetValue<string>(out var s) && Quantity.TryParse(s, out quantity);
    }

    private static bool TryNumber(JsonValue value, bool quantities, out decimal number)
    {
        if (value.TryGetValue<JsonElement>(out var element))
        {
            if (element.ValueKind == JsonValueKind.Number)
            {
                if (element.TryGetDecimal(out number))
                {
                    return true;
                }

                number = 0;
                return false;
            }

            // A numeric string: plain decimal, or a quantity where quantities apply.
            return TryQuantity(value, out number) && (quantities || IsPlainNumber(JsonMarshal.GetRawUtf8Value(element)));
        }

        if (value.TryGetValue<string>(out var s))
        {
            if (quantities)
            {
                return Quantity.TryParse(s, out number);
            }

            return decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out number);
        }

        return TryClrNumber(value, out number);
    }

    private static bool IsPlainNumber(ReadOnlySpan<byte> raw)
    {
        foreach (var b in raw)
        {
            if (b is not ((>= (byte)'0' and <= (byte)'9') or (byte)'.' or (byte)'-' or (byte)'+' or (byte)'"'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryClrNumber(JsonValue value, out decimal number)
    {
        if (value.TryGetValue<decimal>(out number))
        {
            return true;
        }

        if (value.TryGetValue<long>(out var l))
        {
            number = l;
            return true;
        }

        if (value.TryGetValue<int>(out var i))
        {
            number = i;
            return true;
        }

        if (value.TryGetValue<double>(out var d) && double.IsFinite(d) && Math.Abs(d) < 7.9e27)
        {
            number = (decimal)d;
            return true;
        }

        if (value.TryGetValue<ulong>(out var ul))
        {
            number = ul;
            return true;
        }

        if (value.TryGetValue<float>(out var f) && float.IsFinite(f))
        {
            number = (decimal)f;
            return true;
        }

        number = 0;
        return false;
    }
}
