using System.Text.Json.Nodes;

namespace GitOps.KubeSim.Api;

/// <summary>The discovery documents: /version, /api, /api/v1, /apis, /apis/{group}/{version}, and a minimal /openapi/v3.</summary>
internal static class Discovery
{
    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = "v1.32.0-kubesim",
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-01-01T00:00:00Z",
        ["goVersion"] = "go1.23.0",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    public static JsonObject CoreVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject Groups(ResourceCatalog catalog)
    {
        var groups = new JsonArray();
        foreach (var (group, versions) in catalog.Groups())
        {
            if (group.Length == 0)
            {
                continue;
            }

            groups.Add(Group(group, versions));
        }

        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
    }

    public static JsonObject? Group(ResourceCatalog catalog, string group)
    {
        var match = catalog.Groups().FirstOrDefault(g => g.Group == group);
        if (match.Group is null || group.Length == 0)
        {
            return null;
        }

        var doc = Group(group, match.Versions);
        doc["kind"] = "APIGroup";
        doc["apiVersion"] = "v1";
        return doc;
    }

    public static JsonObject ResourceList(ResourceCatalog catalog, string groupVersion)
    {
        var resources = new JsonArray();
        foreach (var type in catalog.All.Where(t => t.GroupVersion == groupVersion))
        {
            var entry = new JsonObject
            {
                ["name"] = type.Plural,
                ["singularName"] = type.Singular,
                ["namespaced"] = type.Namespaced,
                ["kind"] = type.Kind,
                ["verbs"] = new JsonArray([.. ResourceType.AllVerbs.Select(v => (JsonNode)v)]),
            };
            if (type.ShortNames.Count > 0)
            {
                entry["shortNames"] = new JsonArray([.. type.ShortNames.Select(v => (JsonNode)v)]);
            }

            if (type.Categories.Count > 0)
            {
                entry["categories"] = new JsonArray([.. type.Categories.Select(v => (JsonNode)v)]);
            }

            resources.Add(entry);
            if (type.HasStatus)
            {
                resources.Add(Sub(type, "status", null));
            }

            if (type.HasScale)
            {
                resources.Add(Sub(type, "scale", ("autoscaling", "v1", "Scale")));
            }
        }

        return new JsonObject { ["kind"] = "APIResourceList", ["apiVersion"] = "v1", ["groupVersion"] = groupVersion, ["resources"] = resources };
    }

    /// <summary>An OpenAPI v3 index; kubectl only needs it to exist when validation is on.</summary>
    public static JsonObject OpenApiIndex(ResourceCatalog catalog, string nonce)
    {
        var paths = new JsonObject();
        foreach (var gv in catalog.All.Select(t => t.GroupVersion).Distinct())
        {
            var path = gv.Contains('/', StringComparison.Ordinal) ? "apis/" + gv : "api/" + gv;
            paths[path] = new JsonObject { ["serverRelativeURL"] = "/openapi/v3/" + path + "?hash=" + nonce + catalog.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        }

        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>
    /// A per-group-version OpenAPI v3 document with one PATCH operation per kind that declares the
    /// fieldValidation parameter: that is what kubectl looks for before it delegates validation to the server.
    /// </summary>
    public static JsonObject? OpenApiGroupVersion(ResourceCatalog catalog, string path)
    {
        var gv = path.StartsWith("api/", StringComparison.Ordinal) ? path[4..] : path.StartsWith("apis/", StringComparison.Ordinal) ? path[5..] : null;
        if (gv is null || !catalog.HasGroupVersion(gv))
        {
            return null;
        }

        var paths = new JsonObject();
        foreach (var type in catalog.All.Where(t => t.GroupVersion == gv))
        {
            var prefix = "/" + path + (type.Namespaced ? "/namespaces/{namespace}/" : "/") + type.Plural + "/{name}";
            paths[prefix] = new JsonObject
            {
                ["patch"] = new JsonObject
                {
                    ["operationId"] = "patch" + type.Kind,
                    ["x-kubernetes-action"] = "patch",
                    ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = type.Group, ["version"] = type.Version, ["kind"] = type.Kind },
                    ["parameters"] = new JsonArray(
                        Query("dryRun"), Query("fieldManager"), Query("fieldValidation"), Query("force")),
                    ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
                },
            };
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = new JsonObject() },
        };

        static JsonObject Query(string name) => new() { ["name"] = name, ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } };
    }

    private static JsonObject Group(string group, IReadOnlyList<string> versions)
    {
        var list = new JsonArray();
        foreach (var v in versions)
        {
            list.Add(new JsonObject { ["groupVersion"] = group + "/" + v, ["version"] = v });
        }

        return new JsonObject
        {
            ["name"] = group,
            ["versions"] = list,
            ["preferredVersion"] = new JsonObject { ["groupVersion"] = group + "/" + versions[0], ["version"] = versions[0] },
        };
    }

    private static JsonObject Sub(ResourceType type, string name, (string Group, string Version, string Kind)? as_)
    {
        var entry = new JsonObject
        {
            ["name"] = type.Plural + "/" + name,
            ["singularName"] = "",
            ["namespaced"] = type.Namespaced,
        };
        if (as_ is { } a)
        {
            entry["group"] = a.Group;
            entry["version"] = a.Version;
            entry["kind"] = a.Kind;
        }
        else
        {
            entry["kind"] = type.Kind;
        }

        entry["verbs"] = new JsonArray("get", "patch", "update");
        return entry;
    }
}
