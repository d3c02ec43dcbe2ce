namespace GitOps.Engine.Secrets.Age;

/// <summary>Bech32 (BIP 173) decoding and encoding, as age uses it for identities and recipients.</summary>
/// <remarks>No served package does bech32 alone; this is the reference algorithm, checked against the age CLI in tests.
/// age lifts BIP 173's 90-character limit (its identities are longer), so no length cap applies here.</remarks>
public static class Bech32
{
    private const string Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static readonly uint[] Generator = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

    /// <summary>Decodes <paramref name="text"/> (all lower or all upper case) into its human-readable part and 8-bit data; false when malformed or the checksum fails.</summary>
    public static bool TryDecode(string text, out string hrp, out byte[] data)
    {
        ArgumentNullException.ThrowIfNull(text);
        hrp = "";
        data = [];
        if (text.Any(c => c < 33 || c > 126) || (text.Any(char.IsLower) && text.Any(char.IsUpper)))
        {
            return false;
        }

        var lower = text.ToLowerInvariant();
        var separator = lower.LastIndexOf('1');
        if (separator < 1 || separator + 7 > lower.Length)
        {
            return false;
        }

        var values = new byte[lower.Length - separator - 1];
        for (var i = 0; i < values.Length; i++)
        {
            var index = Charset.IndexOf(lower[separator + 1 + i], StringComparison.Ordinal);
            if (index < 0)
            {
                return false;
            }

            values[i] = (byte)index;
        }

        hrp = lower[..separator];
        if (Polymod([.. ExpandHrp(hrp), .. values]) != 1)
        {
            return false;
        }

        var converted = ConvertBits(values.AsSpan(0, values.Length - 6), 5, 8, pad: false);
        if (converted is null)
        {
            return false;
        }

        data = converted;
        return true;
    }

    /// <summary>Encodes <paramref name="data"/> with <paramref name="hrp"/> in lower case.</summary>
    public static string Encode(string hrp, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(hrp);
        var values = ConvertBits(data, 8, 5, pad: true)!;
        var polymod = Polymod([.. ExpandHrp(hrp), .. values, 0, 0, 0, 0, 0, 0]) ^ 1;
        var text = new System.Text.StringBuilder(hrp.Length + 1 + values.Length + 6).Append(hrp).Append('1');
        foreach (var v in values)
        {
            text.Append(Charset[v]);
        }

        for (var i = 0; i < 6; i++)
        {
            text.Append(Charset[(int)((polymod >> (5 * (5 - i))) & 31)]);
        }

        return text.ToString();
    }

    private static uint Polymod(ReadOnlySpan<byte> values)
    {
        uint chk = 1;
        foreach (var v in values)
        {
            var top = chk >> 25;
            chk = ((chk & 0x1ffffff) << 5) ^ v;
            for (var i = 0; i < 5; i++)
            {
                if (((top >> i) & 1) != 0)
                {
                    chk ^= Generator[i];
                }
            }
        }

        return chk;
    }

    private static byte[] ExpandHrp(string hrp)
    {
        var result = new byte[(hrp.Length * 2) + 1];
        for (var i = 0; i < hrp.Length; i++)
        {
            result[i] = (byte)(hrp[i] >> 5);
            result[hrp.Length + 1 + i] = (byte)(hrp[i] & 31);
        }

        return result;
    }

    private static byte[]? ConvertBits(ReadOnlySpan<byte> data, int from, int to, bool pad)
    {
        var acc = 0;
        var bits = 0;
        var maxValue = (1 << to) - 1;
        var result = new List<byte>((data.Length * from / to) + 1);
        foreach (var value in data)
        {
            acc = (acc << from) | value;
            bits += from;
            while (bits >= to)
            {
                bits -= to;
                result.Add((byte)((acc >> bits) & maxValue));
            }
        }

        if (pad)
        {
            if (bits > 0)
            {
                result.Add((byte)((acc << (to - bits)) & maxValue));
            }
        }
        else if (bits >= from || ((acc << (to - bits)) & maxValue) != 0)
        {
            return null;
        }

        return [.. result];
    }
}
