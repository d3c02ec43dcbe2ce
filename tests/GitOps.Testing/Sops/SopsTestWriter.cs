using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace GitOps.Testing.Sops;

/// <summary>An Azure Key Vault key for test files: the data key is wrapped locally with <paramref name="Rsa"/> (RSA-OAEP-256), as Key Vault's wrapkey would.</summary>
public sealed record AzureTestKey(string VaultUrl, string Name, string Version, RSA Rsa);

/// <summary>How to encrypt a test file; one rule at most, as SOPS allows.</summary>
public sealed record SopsWriteOptions
{
    public IReadOnlyList<string> AgeRecipients { get; init; } = [];

    public IReadOnlyList<AzureTestKey> AzureKeys { get; init; } = [];

    public string? EncryptedRegex { get; init; }

    public string? UnencryptedRegex { get; init; }

    public string? EncryptedSuffix { get; init; }

    public string? UnencryptedSuffix { get; init; }

    public bool MacOnlyEncrypted { get; init; }

    public DateTimeOffset LastModified { get; init; } = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
}

/// <summary>
/// Test-only SOPS writer (sops itself cannot be installed here): encrypts values as SOPS 3.10 does, computes the MAC
/// with its own walk, and encrypts the data key with the real age CLI. The real sops file in the fixtures checks the
/// reader; this writer makes the cases that file does not cover.
/// </summary>
public static class SopsTestWriter
{
    /// <summary>The encrypted document (a copy of <paramref name="plain"/> with a <c>sops</c> block).</summary>
    public static JsonObject Encrypt(JsonObject plain, SopsWriteOptions options)
    {
        ArgumentNullException.ThrowIfNull(plain);
        ArgumentNullException.ThrowIfNull(options);
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var document = (JsonObject)plain.DeepClone();
        var mac = Walk(document, options, dataKey);
        var lastModified = options.LastModified.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var block = new JsonObject
        {
            ["age"] = new JsonArray(options.AgeRecipients.Select(r => (JsonNode)new JsonObject { ["recipient"] = r, ["enc"] = AgeCli.EncryptArmored(dataKey, r) }).ToArray()),
            ["azure_kv"] = new JsonArray(options.AzureKeys.Select(k => (JsonNode)new JsonObject
            {
                ["vault_url"] = k.VaultUrl, ["name"] = k.Name, ["version"] = k.Version, ["created_at"] = lastModified,
                ["enc"] = Convert.ToBase64String(k.Rsa.Encrypt(dataKey, RSAEncryptionPadding.OaepSHA256)).TrimEnd('=').Replace('+', '-').Replace('/', '_'),
            }).ToArray()),
            ["lastmodified"] = lastModified,
            ["mac"] = EncryptValue(Encoding.ASCII.GetBytes(mac), "str", dataKey, lastModified),
            ["version"] = "3.10.2",
        };
        AddRule(block, "encrypted_regex", options.EncryptedRegex);
        AddRule(block, "unencrypted_regex", options.UnencryptedRegex);
        AddRule(block, "encrypted_suffix", options.EncryptedSuffix);
        AddRule(block, "unencrypted_suffix", options.UnencryptedSuffix ?? (options.EncryptedRegex is null && options.UnencryptedRegex is null && options.EncryptedSuffix is null ? "_unencrypted" : null));
        if (options.MacOnlyEncrypted)
        {
            block["mac_only_encrypted"] = true;
        }

        document["sops"] = block;
        return document;
    }

    /// <summary>SHA-512 over the MAC bytes in the order given, upper-case hex: what SOPS's MAC holds for values in that walk order.</summary>
    public static string MacOf(params string[] valuesInWalkOrder)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        foreach (var v in valuesInWalkOrder)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(v));
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>The MAC the writer computes for <paramref name="plain"/> (no encryption), to compare with a hand-written walk order.</summary>
    public static string MacFor(JsonObject plain, SopsWriteOptions options) => Walk((JsonObject)plain.DeepClone(), options, RandomNumberGenerator.GetBytes(32));

    /// <summary>AES-256-GCM with a 32-byte nonce, SOPS's ENC[…] format.</summary>
    public static string EncryptValue(byte[] plaintext, string type, byte[] dataKey, string additionalData)
    {
        var iv = RandomNumberGenerator.GetBytes(32);
        var gcm = new GcmBlockCipher(new AesEngine());
        gcm.Init(true, new AeadParameters(new KeyParameter(dataKey), 128, iv, Encoding.UTF8.GetBytes(additionalData)));
        var output = new byte[gcm.GetOutputSize(plaintext.Length)];
        var written = gcm.ProcessBytes(plaintext, 0, plaintext.Length, output, 0);
        gcm.DoFinal(output, written);
        var data = output.AsSpan(0, output.Length - 16);
        var tag = output.AsSpan(output.Length - 16);
        return $"ENC[AES256_GCM,data:{Convert.ToBase64String(data)},iv:{Convert.ToBase64String(iv)},tag:{Convert.ToBase64String(tag)},type:{type}]";
    }

    private static void AddRule(JsonObject block, string name, string? value)
    {
        if (value is not null)
        {
            block[name] = value;
        }
    }

    // Depth first, keys in document order, list items under the list's key path; nulls are skipped.
    private static string Walk(JsonObject document, SopsWriteOptions options, byte[] dataKey)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        if (options.MacOnlyEncrypted)
        {
            hash.AppendData(SHA256.HashData("sops"u8));
        }

        void Visit(JsonNode? node, List<string> path)
        {
            if (node is JsonObject obj)
            {
                foreach (var (key, child) in obj.ToList())
                {
                    path.Add(key);
                    if (child is JsonValue value)
                    {
                        obj[key] = Leaf(value, path);
                    }
                    else
                    {
                        Visit(child, path);
                    }

                    path.RemoveAt(path.Count - 1);
                }
            }
            else if (node is JsonArray array)
            {
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue value)
                    {
                        array[i] = Leaf(value, path);
                    }
                    else
                    {
                        Visit(array[i], path);
                    }
                }
            }
        }

        JsonNode Leaf(JsonValue value, List<string> path)
        {
            var (bytes, type) = Bytes(value);
            var encrypted = Encrypted(path, options);
            if (!options.MacOnlyEncrypted || encrypted)
            {
                hash.AppendData(bytes);
            }

            return encrypted ? EncryptValue(bytes, type, dataKey, string.Join(':', path) + ":") : value.DeepClone();
        }

        Visit(document, []);
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private static bool Encrypted(List<string> path, SopsWriteOptions o) =>
        o.EncryptedRegex is not null ? path.Any(p => Regex.IsMatch(p, o.EncryptedRegex))
        : o.UnencryptedRegex is not null ? !path.Any(p => Regex.IsMatch(p, o.UnencryptedRegex))
        : o.EncryptedSuffix is not null ? path.Any(p => p.EndsWith(o.EncryptedSuffix, StringComparison.Ordinal))
        : !path.Any(p => p.EndsWith(o.UnencryptedSuffix ?? "_unencrypted", StringComparison.Ordinal));

    private static (byte[] Bytes, string Type) Bytes(JsonValue value) =>
        value.TryGetValue<string>(out var s) ? (Encoding.UTF8.GetBytes(s), "str")
        : value.TryGetValue<bool>(out var b) ? (Encoding.ASCII.GetBytes(b ? "True" : "False"), "bool")
        : value.TryGetValue<long>(out var l) ? (Encoding.ASCII.GetBytes(l.ToString(CultureInfo.InvariantCulture)), "int")
        : value.TryGetValue<int>(out var i) ? (Encoding.ASCII.GetBytes(i.ToString(CultureInfo.InvariantCulture)), "int")
        : (Encoding.ASCII.GetBytes(value.GetValue<double>().ToString("R", CultureInfo.InvariantCulture)), "float");
}
