using System.Text.Json.Nodes;

namespace GitOps.Engine.Tests.Sync;

/// <summary>Builds small manifests for tests.</summary>
internal static class TestObjects
{
    public static JsonObject Make(string apiVersion, string kind, string name, string? ns = null, Dictionary<string, string>? annotations = null, Dictionary<string, string>? labels = null, JsonObject? spec = null)
    {
        var meta = new JsonObject { ["name"] = name };
        if (ns is not null)
        {
            meta["namespace"] = ns;
        }

        if (annotations is not null)
        {
            meta["annotations"] = new JsonObject(annotations.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value))));
        }

        if (labels is not null)
        {
            meta["labels"] = new JsonObject(labels.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value))));
        }

        var obj = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind, ["metadata"] = meta };
        if (spec is not null)
        {
            obj["spec"] = spec;
        }

        return obj;
    }

    public static JsonObject ConfigMap(string name, string ns = "app", string value = "v") =>
        new() { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns }, ["data"] = new JsonObject { ["k"] = value } };
}
