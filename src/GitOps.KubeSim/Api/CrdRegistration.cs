using System.Text.Json.Nodes;

namespace GitOps.KubeSim.Api;

/// <summary>Turns a CustomResourceDefinition into the resource types it serves.</summary>
internal static class CrdRegistration
{
    public static IReadOnlyList<ResourceType> TypesOf(JsonObject crd)
    {
        var spec = crd["spec"] as JsonObject;
        var names = spec?["names"] as JsonObject;
        var group = (string?)spec?["group"];
        var plural = (string?)names?["plural"];
        var kind = (string?)names?["kind"];
        if (spec is null || names is null || group is null || plural is null || kind is null || spec["versions"] is not JsonArray versions)
        {
            return [];
        }

        var types = new List<ResourceType>();
        foreach (var version in versions.OfType<JsonObject>())
        {
            if ((bool?)version["served"] != true || (string?)version["name"] is not { } name)
            {
                continue;
            }

            types.Add(new ResourceType
            {
                Group = group,
                Version = name,
                Kind = kind,
                Plural = plural,
                Singular = (string?)names["singular"] ?? kind.ToLowerInvariant(),
                Namespaced = (string?)spec["scope"] != "Cluster",
                ShortNames = names["shortNames"] is JsonArray s ? [.. s.Select(x => (string)x!)] : [],
                Categories = names["categories"] is JsonArray c ? [.. c.Select(x => (string)x!)] : [],
                HasStatus = version["subresources"]?["status"] is not null,
                HasScale = version["subresources"]?["scale"] is not null,
                HasGeneration = true,
                IsCustom = true,
            });
        }

        return types;
    }
}
