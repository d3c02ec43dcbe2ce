using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace GitOps.Engine.Secrets.Sops;

/// <summary>Walks a SOPS tree (the documents of one file, <c>sops</c> block removed) in SOPS's order: keys in document order, list items under their list's path.</summary>
public static class SopsTree
{
    // sops 3.9 seeds the MAC with SHA-256("sops") when it covers encrypted values only, so the two modes never share a MAC.
    private static readonly byte[] MacOnlyEncryptedSeed = SHA256.HashData("sops"u8);

    /// <summary>Decrypts every value the rules say is encrypted, in place, and verifies the file's MAC over the result.</summary>
    /// <param name="branches">The file's documents without their <c>sops</c> block.</param>
    /// <param name="metadata">The file's <c>sops</c> block.</param>
    /// <param name="dataKey">The opened data key.</param>
    /// <param name="opened">When given, receives each ENC[…] text with its plaintext value (for documents a tool rewrote; see <see cref="Substitute"/>).</param>
    /// <exception cref="SopsException">A value or the MAC fails, naming the value's path (never its content).</exception>
    public static void Decrypt(IReadOnlyList<JsonObject> branches, SopsMetadata metadata, byte[] dataKey, Dictionary<string, JsonNode?>? opened = null)
    {
        ArgumentNullException.ThrowIfNull(branches);
        ArgumentNullException.ThrowIfNull(metadata);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        if (metadata.MacOnlyEncrypted)
        {
            hash.AppendData(MacOnlyEncryptedSeed);
        }

        foreach (var branch in branches)
        {
            Walk(branch, [], metadata.Rules, (value, path, encrypted) =>
            {
                JsonNode? plain = value;
                byte[] macBytes;
                if (encrypted)
                {
                    var text = EncryptedText(value, path);
                    (plain, macBytes) = text.Length == 0 ? (JsonValue.Create(""), []) : Decrypt(text, dataKey, path);
                    if (opened is not null && text.Length > 0)
                    {
                        opened[text] = plain;
                    }
                }
                else
                {
                    macBytes = SopsValue.MacBytes(value);
                }

                if (!metadata.MacOnlyEncrypted || encrypted)
                {
                    hash.AppendData(macBytes);
                }

                return plain;
            });
        }

        var computed = Convert.ToHexString(hash.GetHashAndReset());
        string stored;
        try
        {
            stored = SopsValue.Decrypt(metadata.Mac, dataKey, metadata.LastModified).Value?.GetValue<string>() ?? "";
        }
        catch (SopsException ex)
        {
            throw new SopsException("the sops mac does not open with the data key (the mac or lastmodified was altered)", ex);
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(computed), Encoding.ASCII.GetBytes(stored)))
        {
            throw new SopsException("MAC mismatch: the file's values are not the ones its MAC covers (a value, key or rule was altered, added or removed)");
        }
    }

    /// <summary>
    /// Replaces each ENC[…] text in <paramref name="branches"/> (a tool's rewrite of a verified file: keys reordered,
    /// labels added) with its plaintext from <paramref name="opened"/>; an ENC[…] value not from the verified file is refused.
    /// </summary>
    public static void Substitute(IReadOnlyList<JsonObject> branches, SopsRules rules, IReadOnlyDictionary<string, JsonNode?> opened)
    {
        ArgumentNullException.ThrowIfNull(branches);
        ArgumentNullException.ThrowIfNull(opened);
        foreach (var branch in branches)
        {
            Walk(branch, [], rules, (value, path, encrypted) =>
            {
                if (value.TryGetValue<string>(out var text) && SopsValue.IsEncrypted(text))
                {
                    return opened.TryGetValue(text, out var plain)
                        ? plain?.DeepClone()
                        : throw new SopsException($"'{Display(path)}' holds an ENC[…] value that is not in the verified source file");
                }

                return encrypted && text is not { Length: 0 } ? throw NotEncrypted(path) : value;
            });
        }
    }

    /// <summary>Checks without a key that every value the rules say is encrypted is an ENC[…] value; returns how many are.</summary>
    public static int CheckEncrypted(IReadOnlyList<JsonObject> branches, SopsRules rules)
    {
        ArgumentNullException.ThrowIfNull(branches);
        ArgumentNullException.ThrowIfNull(rules);
        var count = 0;
        foreach (var branch in branches)
        {
            Walk(branch, [], rules, (value, path, encrypted) =>
            {
                if (encrypted && EncryptedText(value, path).Length > 0)
                {
                    count++;
                }

                return value;
            });
        }

        return count;
    }

    private static string EncryptedText(JsonValue value, List<string> path) =>
        value.TryGetValue<string>(out var text) && (text.Length == 0 || SopsValue.IsEncrypted(text)) ? text : throw NotEncrypted(path);

    private static SopsException NotEncrypted(List<string> path) =>
        new($"'{Display(path)}' should be encrypted under the file's rules but is not an ENC[…] value");

    private static (JsonNode? Value, byte[] MacBytes) Decrypt(string text, byte[] dataKey, List<string> path)
    {
        try
        {
            return SopsValue.Decrypt(text, dataKey, string.Join(':', path) + ":");
        }
        catch (SopsException ex)
        {
            throw new SopsException($"'{Display(path)}': {ex.Message}", ex);
        }
    }

    private static string Display(List<string> path) => string.Join('.', path);

    // onLeaf gets each non-null scalar with its key path and whether the rules encrypt it, and returns its replacement.
    private static void Walk(JsonNode? node, List<string> path, SopsRules rules, Func<JsonValue, List<string>, bool, JsonNode?> onLeaf)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    path.Add(key);
                    if (child is JsonValue leaf)
                    {
                        var replacement = onLeaf(leaf, path, rules.ShouldEncrypt(path));
                        if (!ReferenceEquals(replacement, leaf))
                        {
                            obj[key] = replacement;
                        }
                    }
                    else
                    {
                        Walk(child, path, rules, onLeaf);
                    }

                    path.RemoveAt(path.Count - 1);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue leaf)
                    {
                        var replacement = onLeaf(leaf, path, rules.ShouldEncrypt(path));
                        if (!ReferenceEquals(replacement, leaf))
                        {
                            array[i] = replacement;
                        }
                    }
                    else
                    {
                        Walk(array[i], path, rules, onLeaf);
                    }
                }

                break;
        }
    }
}
