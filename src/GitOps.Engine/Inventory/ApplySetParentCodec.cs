using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOps.Engine.Inventory;

/// <summary>Reads and writes the ApplySet parent Secret (labels, annotations and the compressed hash map in data).</summary>
public static class ApplySetParentCodec
{
    /// <summary>Builds the full parent Secret as we apply it.</summary>
    public static JsonObject ToSecret(ApplySetParent parent, string app)
    {
        ArgumentNullException.ThrowIfNull(parent);
        var annotations = new JsonObject
        {
            [ApplySetLabels.Tooling] = ApplySetLabels.OurTooling,
            [ApplySetLabels.ContainsGroupKinds] = string.Join(',', parent.GroupKinds.Order(StringComparer.Ordinal)),
            [ApplySetLabels.AdditionalNamespaces] = string.Join(',', parent.AdditionalNamespaces.Where(n => n != parent.Namespace).Order(StringComparer.Ordinal)),
        };
        if (parent.Source is not null)
        {
            annotations[ApplySetLabels.Source] = parent.Source;
        }

        if (parent.LastSyncedCommit is not null)
        {
            annotations[ApplySetLabels.LastSyncedCommit] = parent.LastSyncedCommit;
        }

        if (parent.LastSyncedAt is not null)
        {
            annotations[ApplySetLabels.LastSyncedAt] = parent.LastSyncedAt;
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject
            {
                ["name"] = parent.Name,
                ["namespace"] = parent.Namespace,
                ["labels"] = new JsonObject { [ApplySetLabels.Id] = parent.Id, [ApplySetLabels.AppLabel] = app },
                ["annotations"] = annotations,
            },
            ["type"] = "Opaque",
            ["data"] = new JsonObject { [ApplySetLabels.DesiredHashesKey] = EncodeHashes(parent.Hashes) },
        };
    }

    /// <summary>Reads a live parent Secret; throws <see cref="ApplySetException"/> when its id label is wrong.</summary>
    public static ApplySetParent FromSecret(JsonObject secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var meta = secret["metadata"] as JsonObject ?? [];
        var name = meta["name"]?.GetValue<string>() ?? "";
        var ns = meta["namespace"]?.GetValue<string>() ?? "";
        var labels = meta["labels"] as JsonObject;
        var annotations = meta["annotations"] as JsonObject;
        var parent = new ApplySetParent
        {
            Name = name,
            Namespace = ns,
            Tooling = Str(annotations, ApplySetLabels.Tooling) ?? "",
            GroupKinds = SplitSet(Str(annotations, ApplySetLabels.ContainsGroupKinds)),
            AdditionalNamespaces = SplitSet(Str(annotations, ApplySetLabels.AdditionalNamespaces)),
            Source = Str(annotations, ApplySetLabels.Source),
            LastSyncedCommit = Str(annotations, ApplySetLabels.LastSyncedCommit),
            LastSyncedAt = Str(annotations, ApplySetLabels.LastSyncedAt),
            Hashes = DecodeHashes((secret["data"] as JsonObject)?[ApplySetLabels.DesiredHashesKey]?.GetValue<string>()),
        };
        var id = Str(labels, ApplySetLabels.Id);
        if (id != parent.Id)
        {
            throw new ApplySetException($"ApplySet parent Secret {ns}/{name} has id label '{id}', expected '{parent.Id}'.");
        }

        return parent;
    }

    /// <summary>base64(gzip(JSON map)), the Secret data value (Secret data is base64 on the wire).</summary>
    public static string EncodeHashes(IReadOnlyDictionary<string, string> hashes)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        var sorted = new SortedDictionary<string, string>(hashes.ToDictionary(), StringComparer.Ordinal);
        var json = JsonSerializer.SerializeToUtf8Bytes(sorted, InventoryJsonContext.Default.SortedDictionaryStringString);
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(json);
        }

        return Convert.ToBase64String(buffer.ToArray());
    }

    /// <summary>Inverse of <see cref="EncodeHashes"/>; an absent or unreadable value is an empty map (everything is applied again).</summary>
    public static IReadOnlyDictionary<string, string> DecodeHashes(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        try
        {
            using var input = new MemoryStream(Convert.FromBase64String(value));
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            gzip.CopyTo(output);
            var map = JsonSerializer.Deserialize(output.ToArray(), InventoryJsonContext.Default.DictionaryStringString);
            return map is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(map, StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or JsonException)
        {
            // A damaged map only costs a full apply; it never affects what is pruned (prune lists live members).
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }
    }

    private static string? Str(JsonObject? obj, string key) => obj?[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static SortedSet<string> SplitSet(string? value) =>
        new((value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.Ordinal);

}
