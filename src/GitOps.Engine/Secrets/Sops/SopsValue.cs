using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace GitOps.Engine.Secrets.Sops;

/// <summary>One SOPS value, <c>ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]</c>: AES-256-GCM with SOPS's 32-byte nonce and the value's path as additional data.</summary>
/// <remarks>BouncyCastle's GCM, because the BCL's AesGcm accepts 12-byte nonces only.</remarks>
public static partial class SopsValue
{
    /// <summary>Whether <paramref name="text"/> has the shape of an encrypted value.</summary>
    public static bool IsEncrypted(string text) => Pattern().IsMatch(text);

    /// <summary>Decrypts <paramref name="text"/> with <paramref name="dataKey"/>; <paramref name="additionalData"/> is the path joined by ':' plus a trailing ':' (or the MAC's time).</summary>
    /// <returns>The typed value (string, long, double or bool as a JSON value) and the bytes SOPS hashes into the MAC for it.</returns>
    public static (JsonNode? Value, byte[] MacBytes) Decrypt(string text, byte[] dataKey, string additionalData)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = Pattern().Match(text);
        if (!match.Success)
        {
            throw new SopsException("the value is not in SOPS's ENC[AES256_GCM,data:…,iv:…,tag:…,type:…] format");
        }

        byte[] data, iv, tag;
        try
        {
            data = Convert.FromBase64String(match.Groups["data"].Value);
            iv = Convert.FromBase64String(match.Groups["iv"].Value);
            tag = Convert.FromBase64String(match.Groups["tag"].Value);
        }
        catch (FormatException ex)
        {
            throw new SopsException("an ENC[…] value has a part that is not base64", ex);
        }

        if (iv.Length == 0 || tag.Length != 16)
        {
            throw new SopsException("an ENC[…] value has an empty iv or a tag that is not 16 bytes");
        }

        var gcm = new GcmBlockCipher(new AesEngine());
        gcm.Init(false, new AeadParameters(new KeyParameter(dataKey), 128, iv, Encoding.UTF8.GetBytes(additionalData)));
        var input = new byte[data.Length + tag.Length];
        data.CopyTo(input, 0);
        tag.CopyTo(input, data.Length);
        var plain = new byte[gcm.GetOutputSize(input.Length)];
        try
        {
            var written = gcm.ProcessBytes(input, 0, input.Length, plain, 0);
            gcm.DoFinal(plain, written);
        }
        catch (InvalidCipherTextException ex)
        {
            throw new SopsException("a value does not authenticate with the file's data key (altered, moved to another key, or from another file)", ex);
        }

        return Typed(plain, match.Groups["type"].Value);
    }

    /// <summary>The bytes SOPS hashes into the MAC for a plaintext value (Go's ToBytes): strings as UTF-8, booleans as True/False, numbers in decimal.</summary>
    public static byte[] MacBytes(JsonValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.TryGetValue<string>(out var s))
        {
            return Encoding.UTF8.GetBytes(s);
        }

        if (value.TryGetValue<bool>(out var b))
        {
            return Encoding.ASCII.GetBytes(b ? "True" : "False");
        }

        if (value.TryGetValue<long>(out var l))
        {
            return Encoding.ASCII.GetBytes(l.ToString(CultureInfo.InvariantCulture));
        }

        if (value.TryGetValue<ulong>(out var u))
        {
            return Encoding.ASCII.GetBytes(u.ToString(CultureInfo.InvariantCulture));
        }

        if (value.TryGetValue<double>(out var d))
        {
            return Encoding.ASCII.GetBytes(GoFloat(d));
        }

        throw new SopsException("a value has a type SOPS cannot hash");
    }

    // Go's strconv.FormatFloat(f, 'f', -1, 64): shortest round-trip digits, never an exponent.
    internal static string GoFloat(double value)
    {
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        if (!shortest.Contains('E', StringComparison.Ordinal))
        {
            return shortest;
        }

        var exponentAt = shortest.IndexOf('E', StringComparison.Ordinal);
        var mantissa = shortest[..exponentAt];
        var exponent = int.Parse(shortest[(exponentAt + 1)..], CultureInfo.InvariantCulture);
        var negative = mantissa.StartsWith('-');
        var digits = mantissa.TrimStart('-').Replace(".", "", StringComparison.Ordinal);
        var point = mantissa.TrimStart('-').IndexOf('.', StringComparison.Ordinal) is var p and >= 0 ? p : mantissa.TrimStart('-').Length;
        point += exponent;
        string text = point <= 0 ? "0." + new string('0', -point) + digits
            : point >= digits.Length ? digits + new string('0', point - digits.Length)
            : digits[..point] + "." + digits[point..];
        return negative ? "-" + text : text;
    }

    private static (JsonNode? Value, byte[] MacBytes) Typed(byte[] plain, string type)
    {
        var text = Encoding.UTF8.GetString(plain);
        switch (type)
        {
            case "str":
            case "bytes":
                return (JsonValue.Create(text), plain);
            case "int":
                if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
                {
                    throw new SopsException("an ENC[…,type:int] value does not hold an integer");
                }

                return (JsonValue.Create(l), Encoding.ASCII.GetBytes(l.ToString(CultureInfo.InvariantCulture)));
            case "float":
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
                {
                    throw new SopsException("an ENC[…,type:float] value does not hold a finite number");
                }

                return (JsonValue.Create(d), Encoding.ASCII.GetBytes(GoFloat(d)));
            case "bool":
                // Go's strconv.ParseBool.
                bool? flag = text switch
                {
                    "1" or "t" or "T" or "TRUE" or "true" or "True" => true,
                    "0" or "f" or "F" or "FALSE" or "false" or "False" => false,
                    _ => null,
                };
                return flag is { } f
                    ? (JsonValue.Create(f), Encoding.ASCII.GetBytes(f ? "True" : "False"))
                    : throw new SopsException("an ENC[…,type:bool] value does not hold a boolean");
            default:
                throw new SopsException($"an ENC[…] value has unknown type '{type}'");
        }
    }

    [GeneratedRegex(@"^ENC\[AES256_GCM,data:(?<data>[^,\]]*),iv:(?<iv>[^,\]]+),tag:(?<tag>[^,\]]+),type:(?<type>[a-z]+)\]$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
