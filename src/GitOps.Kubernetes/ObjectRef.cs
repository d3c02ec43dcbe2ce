using System.Text.Json.Nodes;

namespace GitOps.Kubernetes;

/// <summary>Identity of an object across versions: group, kind, namespace (null for cluster-scoped) and name.</summary>
public readonly record struct ObjectRef(string Group, string Kind, string? Namespace, string Name)
{
    /// <summary>Reads the identity of an object (namespace as written; null when absent).</summary>
    public static ObjectRef Of(JsonObject obj)
    {
        var gvk = GroupVersionKind.Of(obj);
        var meta = obj["metadata"] as JsonObject;
        var ns = meta?["namespace"]?.GetValue<string>();
        var name = meta?["name"]?.GetValue<string>() ?? "";
        return new(gvk.Group, gvk.Kind, string.IsNullOrEmpty(ns) ? null : ns, name);
    }

    /// <summary>A stable key "group/Kind/namespace/name" (empty segments kept), used in inventories and job messages.</summary>
    public string Key => $"{Group}/{Kind}/{Namespace}/{Name}";

    /// <summary>Parses <see cref="Key"/>.</summary>
    public static ObjectRef ParseKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parts = key.Split('/');
        if (parts.Length != 4)
        {
            throw new FormatException($"'{key}' is not an object key (group/Kind/namespace/name)");
        }

        return new(parts[0], parts[1], parts[2].Length == 0 ? null : parts[2], parts[3]);
    }

    /// <summary>"Kind/namespace/name" or "Kind/name", the prefix of every message about the object.</summary>
    public override string ToString() => Namespace is null ? $"{Kind}/{Name}" : $"{Kind}/{Namespace}/{Name}";
}
