using System.Globalization;
using System.Text.Json.Nodes;

namespace GitOps.Engine.Secrets.Sops;

/// <summary>The <c>sops</c> block of an encrypted document: who can open the data key, the MAC and the encryption rules.</summary>
public sealed record SopsMetadata
{
    /// <summary>The top-level key that holds the metadata.</summary>
    public const string Key = "sops";

    /// <summary>age recipients with the data key encrypted to each.</summary>
    public required IReadOnlyList<SopsAgeKey> Age { get; init; }

    /// <summary>Azure Key Vault keys with the data key wrapped by each.</summary>
    public required IReadOnlyList<SopsAzureKey> AzureKeyVault { get; init; }

    /// <summary>Other key kinds present (pgp, kms, gcp_kms, hc_vault), which this engine cannot use.</summary>
    public required IReadOnlyList<string> OtherKeyKinds { get; init; }

    /// <summary>The encrypted MAC (<c>ENC[…]</c>).</summary>
    public required string Mac { get; init; }

    /// <summary>The last-modified time as Go's RFC 3339 format writes it: the MAC's additional data.</summary>
    public required string LastModified { get; init; }

    /// <summary>Which values are encrypted.</summary>
    public required SopsRules Rules { get; init; }

    /// <summary>Whether the MAC covers only encrypted values (sops 3.9's <c>mac_only_encrypted</c>).</summary>
    public bool MacOnlyEncrypted { get; init; }

    /// <summary>Whether <paramref name="document"/> is a SOPS document: a mapping with a <c>sops</c> mapping at the top.</summary>
    public static bool IsSops(JsonNode? document) => document is JsonObject o && o.TryGetPropertyValue(Key, out var block) && block is JsonObject;

    /// <summary>Reads the <c>sops</c> block; throws <see cref="SopsException"/> naming what is missing or malformed.</summary>
    public static SopsMetadata Read(JsonObject block)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (block["key_groups"] is JsonArray { Count: > 0 })
        {
            throw new SopsException("sops key_groups (Shamir secret sharing) are not supported; encrypt for age or azure_kv recipients directly");
        }

        var age = Entries(block, "age").Select(e => new SopsAgeKey(Text(e, "age", "recipient"), Text(e, "age", "enc"))).ToList();
        var azure = Entries(block, "azure_kv").Select(e => new SopsAzureKey(
            Text(e, "azure_kv", "vault_url"), Text(e, "azure_kv", "name"), Text(e, "azure_kv", "version"), Text(e, "azure_kv", "enc"))).ToList();
        var others = new[] { "pgp", "kms", "gcp_kms", "hc_vault" }.Where(k => block[k] is JsonArray { Count: > 0 }).ToList();
        if (age.Count == 0 && azure.Count == 0 && others.Count == 0)
        {
            throw new SopsException("sops metadata lists no keys (age, azure_kv, …): nobody can decrypt it");
        }

        var mac = block["mac"] is JsonValue m && m.TryGetValue<string>(out var macText) && macText.Length > 0
            ? macText
            : throw new SopsException("sops metadata has no mac: the file's integrity cannot be checked, so it is refused");
        if (!SopsValue.IsEncrypted(mac))
        {
            throw new SopsException("sops mac is not an ENC[AES256_GCM,…] value");
        }

        var lastModified = block["lastmodified"] is JsonValue l && l.TryGetValue<string>(out var lastText)
            && DateTimeOffset.TryParse(lastText, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time)
            ? GoRfc3339(time)
            : throw new SopsException("sops metadata has no valid lastmodified time (the MAC is bound to it)");

        return new SopsMetadata
        {
            Age = age,
            AzureKeyVault = azure,
            OtherKeyKinds = others,
            Mac = mac,
            LastModified = lastModified,
            Rules = SopsRules.Read(block),
            MacOnlyEncrypted = block["mac_only_encrypted"] is JsonValue b && b.TryGetValue<bool>(out var only) && only,
        };
    }

    // Go's time.Format(time.RFC3339): whole seconds, "Z" for a zero offset.
    private static string GoRfc3339(DateTimeOffset time)
    {
        var offset = time.Offset == TimeSpan.Zero ? "Z" : time.ToString("zzz", CultureInfo.InvariantCulture);
        return time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + offset;
    }

    private static IEnumerable<JsonObject> Entries(JsonObject block, string kind) => block[kind] switch
    {
        null => [],
        JsonArray array => array.Select(e => e as JsonObject ?? throw new SopsException($"sops {kind} entries must be mappings")),
        _ => throw new SopsException($"sops {kind} must be a list"),
    };

    private static string Text(JsonObject entry, string kind, string field) =>
        entry[field] is JsonValue v && v.TryGetValue<string>(out var text) && text.Length > 0
            ? text
            : throw new SopsException($"sops {kind} entry has no {field}");
}

/// <summary>An age recipient of the data key.</summary>
/// <param name="Recipient">The <c>age1…</c> recipient.</param>
/// <param name="Enc">The data key as an armored age file.</param>
public sealed record SopsAgeKey(string Recipient, string Enc);

/// <summary>An Azure Key Vault key that wrapped the data key (RSA-OAEP-256).</summary>
/// <param name="VaultUrl">The vault, for example https://myvault.vault.azure.net.</param>
/// <param name="Name">The key name.</param>
/// <param name="Version">The key version.</param>
/// <param name="Enc">The wrapped data key, base64url.</param>
public sealed record SopsAzureKey(string VaultUrl, string Name, string Version, string Enc)
{
    /// <summary>The key identifier, as Key Vault names it: <c>{vault}/keys/{name}/{version}</c>.</summary>
    public string KeyId => $"{VaultUrl.TrimEnd('/')}/keys/{Name}/{Version}";
}
