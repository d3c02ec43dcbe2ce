using System.Text.Json.Nodes;

namespace GitOps.Engine.Drift.Comparison;

/// <summary>
/// Which lists Kubernetes merges by key (x-kubernetes-list-map-keys / strategic-merge keys), so
/// they are matched item by item regardless of order. Any other list is atomic and compared in order.
/// </summary>
internal static class ListKeys
{
    private static readonly string[] Name = ["name"];
    private static readonly string[] MountPath = ["mountPath"];
    private static readonly string[] DevicePath = ["devicePath"];
    private static readonly string[] Ip = ["ip"];
    private static readonly string[] Type = ["type"];
    private static readonly string[] ContainerPort = ["containerPort", "protocol"];
    private static readonly string[] Port = ["port", "protocol"];
    private static readonly string[] TopologySpread = ["topologyKey", "whenUnsatisfiable"];

    /// <summary>The value a key field takes when it is absent (the API server's default).</summary>
    public static JsonValue? DefaultOf(string keyField) => keyField == "protocol" ? Tcp : null;

    private static readonly JsonValue Tcp = JsonValue.Create("TCP");

    /// <summary>The key fields of the list named <paramref name="field"/>, judged from its first item; null when the list is atomic.</summary>
    public static string[]? For(string field, JsonObject firstItem) => field switch
    {
        "containers" or "initContainers" or "ephemeralContainers" or "env" or "volumes" or "imagePullSecrets"
            or "webhooks" or "resourceClaims" or "schedulingGates" => Name,
        "volumeMounts" => MountPath,
        "volumeDevices" => DevicePath,
        "hostAliases" or "addresses" or "notReadyAddresses" => Ip,
        "conditions" => Type,
        "topologySpreadConstraints" => TopologySpread,
        "ports" when firstItem.ContainsKey("containerPort") => ContainerPort,
        "ports" when firstItem.ContainsKey("port") => Port,
        _ => null,
    };

    /// <summary>True when every key field of the two items is equal (absent key fields take their default).</summary>
    public static bool SameKey(JsonObject desiredItem, JsonObject liveItem, string[] keys)
    {
        foreach (var key in keys)
        {
            var d = desiredItem[key] as JsonValue ?? DefaultOf(key);
            var l = liveItem[key] as JsonValue ?? DefaultOf(key);
            if (d is null || l is null)
            {
                if (d is not null || l is not null)
                {
                    return false;
                }

                continue;
            }

            if (!Scalars.Equal(d, l, quantities: false))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when the item has every key field except those with a default.</summary>
    public static bool HasKey(JsonObject item, string[] keys)
    {
        foreach (var key in keys)
        {
            if (item[key] is not JsonValue && DefaultOf(key) is null)
            {
                return false;
            }
        }

        return true;
    }
}
