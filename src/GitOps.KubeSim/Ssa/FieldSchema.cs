using GitOps.KubeSim.Api;

namespace GitOps.KubeSim.Ssa;

/// <summary>How a list merges: as one value, as a map keyed by some fields, or as a set of scalars.</summary>
internal enum ListType
{
    Atomic,
    Map,
    Set,
}

/// <summary>The merge shape of one list: its type, key fields and defaults applied to missing key fields.</summary>
internal sealed record ListSchema(ListType Type, string[] Keys, IReadOnlyDictionary<string, object>? KeyDefaults = null)
{
    public static ListSchema Atomic { get; } = new(ListType.Atomic, []);
}

/// <summary>
/// The slice of the Kubernetes OpenAPI merge metadata the simulator needs (x-kubernetes-list-type,
/// list-map-keys, map-type), keyed by field name and context. Custom resources get the default
/// CRD behaviour: lists atomic, maps granular.
/// </summary>
internal static class FieldSchema
{
    private static readonly Dictionary<string, object> TcpDefault = new() { ["protocol"] = "TCP" };

    private static readonly Dictionary<string, ListSchema> ByName = new(StringComparer.Ordinal)
    {
        ["containers"] = Map("name"),
        ["initContainers"] = Map("name"),
        ["ephemeralContainers"] = Map("name"),
        ["env"] = Map("name"),
        ["volumes"] = Map("name"),
        ["volumeMounts"] = Map("mountPath"),
        ["volumeDevices"] = Map("devicePath"),
        ["imagePullSecrets"] = Map("name"),
        ["hostAliases"] = Map("ip"),
        ["topologySpreadConstraints"] = Map("topologyKey", "whenUnsatisfiable"),
        ["resourceClaims"] = Map("name"),
        ["schedulingGates"] = Map("name"),
        ["resizePolicy"] = Map("resourceName"),
        ["conditions"] = Map("type"),
    };

    /// <summary>The list schema for the field at <paramref name="fieldPath"/> (field names only, list items skipped).</summary>
    public static ListSchema ForList(ResourceType? type, IReadOnlyList<string> fieldPath)
    {
        var name = fieldPath[^1];
        if (fieldPath.Count == 2 && fieldPath[0] == "metadata")
        {
            return name switch
            {
                "finalizers" => new ListSchema(ListType.Set, []),
                "ownerReferences" => Map("uid"),
                _ => ListSchema.Atomic,
            };
        }

        if (type is null || type.IsCustom)
        {
            return ListSchema.Atomic;
        }

        if (name == "ports")
        {
            var parent = fieldPath.Count >= 2 ? fieldPath[^2] : "";
            if (parent is "containers" or "initContainers" or "ephemeralContainers")
            {
                return new ListSchema(ListType.Map, ["containerPort", "protocol"], TcpDefault);
            }

            if (type.Kind == "Service" && fieldPath.Count == 2)
            {
                return new ListSchema(ListType.Map, ["port", "protocol"], TcpDefault);
            }

            return ListSchema.Atomic;
        }

        if (name == "versions" && type.Kind == "CustomResourceDefinition" && fieldPath.Count == 2)
        {
            return Map("name");
        }

        return ByName.GetValueOrDefault(name, ListSchema.Atomic);
    }

    /// <summary>True when a map field is replaced as a whole (x-kubernetes-map-type / structType atomic).</summary>
    public static bool IsAtomicMap(ResourceType? type, IReadOnlyList<string> fieldPath)
    {
        if (type is null || type.IsCustom || fieldPath.Count == 0)
        {
            return false;
        }

        return fieldPath[^1] is "selector" or "podSelector" or "namespaceSelector" or "nodeSelector" or "labelSelector"
            or "roleRef" or "fieldRef" or "resourceFieldRef" or "configMapKeyRef" or "secretKeyRef";
    }

    private static ListSchema Map(params string[] keys) => new(ListType.Map, keys);
}
