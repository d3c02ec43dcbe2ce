using System.Text;
using System.Text.Json.Nodes;

namespace GitOps.Engine.Diff;

/// <summary>
/// Hides Secret values before anything is shown or logged. stringData is folded into data (as the
/// server stores it) so both sides name the same keys; each value becomes "***", and on the desired
/// side "*** (changed)" when it differs from live, so a diff says which keys changed without values.
/// </summary>
public static class SecretMasking
{
    /// <summary>The masked marker that replaces every Secret value.</summary>
    public const string Marker = "***";

    /// <summary>The marker on the desired side of a key whose value differs from live.</summary>
    public const string ChangedMarker = "*** (changed)";

    /// <summary>True for core/v1 Secrets.</summary>
    public static bool IsSecret(JsonObject? obj) =>
        obj?["kind"]?.ToString() == "Secret" && obj["apiVersion"]?.ToString() == "v1";

    /// <summary>Masks a copy of one Secret on its own (every value "***").</summary>
    public static JsonObject Mask(JsonObject secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var copy = secret.DeepClone().AsObject();
        if (IsSecret(copy))
        {
            var data = Fold(copy);
            foreach (var key in data.Select(p => p.Key).ToList())
            {
                data[key] = Marker;
            }
        }

        return copy;
    }

    /// <summary>Masks both sides of a diff in place (both must be Secrets, either may be null).</summary>
    internal static void MaskPair(JsonObject? desired, JsonObject? live)
    {
        var desiredData = desired is null ? null : Fold(desired);
        var liveData = live is null ? null : Fold(live);
        foreach (var key in (desiredData?.Select(p => p.Key) ?? []).Union(liveData?.Select(p => p.Key) ?? []).ToList())
        {
            var desiredValue = desiredData?[key]?.ToString();
            var liveValue = liveData?[key]?.ToString();
            if (desiredData is not null && desiredData.ContainsKey(key))
            {
                desiredData[key] = liveData is not null && liveValue is not null && desiredValue != liveValue ? ChangedMarker : Marker;
            }

            if (liveData is not null && liveData.ContainsKey(key))
            {
                liveData[key] = Marker;
            }
        }
    }

    /// <summary>Moves stringData into data (base64, as the server stores it) and returns data.</summary>
    internal static JsonObject Fold(JsonObject secret)
    {
        var data = secret["data"] as JsonObject ?? [];
        if (secret["stringData"] is JsonObject stringData)
        {
            foreach (var (key, value) in stringData)
            {
                data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value?.ToString() ?? ""));
            }

            secret.Remove("stringData");
        }

        if (data.Count > 0 || secret.ContainsKey("data"))
        {
            secret["data"] = data;
        }

        return data;
    }
}
