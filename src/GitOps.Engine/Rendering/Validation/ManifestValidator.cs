using System.Text.Json.Nodes;
using GitOps.Engine.Manifests;
using GitOps.Kubernetes;

namespace GitOps.Engine.Rendering.Validation;

/// <summary>Turns parsed documents into validated objects: Lists flattened, identity and names checked, namespaces defaulted and allowed, duplicates and ApplySet labels refused.</summary>
public static class ManifestValidator
{
    /// <summary>The ApplySet membership label; only the engine sets it (docs/architecture.md, platform facts).</summary>
    public const string PartOfLabel = "applyset.kubernetes.io/part-of";

    /// <summary>Validates and returns the objects in document order; throws <see cref="RenderException"/> listing every problem.</summary>
    public static IReadOnlyList<JsonObject> Validate(IEnumerable<YamlDocument> documents, ManifestPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(policy);
        var problems = new List<string>();
        var candidates = new List<(JsonObject Obj, YamlDocument Doc, GroupVersionKind Gvk, string Name)>();
        foreach (var document in documents)
        {
            switch (document.Content)
            {
                case null:
                    continue;
                case JsonObject obj when IsList(obj):
                    var items = (JsonArray)obj["items"]!;
                    for (var i = 0; i < items.Count; i++)
                    {
                        if (items[i] is JsonObject item)
                        {
                            Identify(item, document, $"items[{i}]: ", problems, candidates);
                        }
                        else
                        {
                            problems.Add($"{Where(document)}: items[{i}] must be an object");
                        }
                    }

                    break;
                case JsonObject obj:
                    Identify(obj, document, "", problems, candidates);
                    break;
                default:
                    problems.Add($"{Where(document)}: a manifest document must be a mapping, not {document.Content.GetValueKind().ToString().ToLowerInvariant()}");
                    break;
            }

            if (candidates.Count > policy.MaxObjects)
            {
                throw new RenderException($"the app renders more than {policy.MaxObjects} objects");
            }
        }

        var crdScopes = CrdScopes(candidates.Select(c => c.Obj));
        var seen = new Dictionary<ObjectRef, YamlDocument>();
        var result = new List<JsonObject>(candidates.Count);
        foreach (var (obj, doc, gvk, name) in candidates)
        {
            var metadata = (JsonObject)obj["metadata"]!;
            var subject = $"{gvk.Kind}/{name}";
            var before = problems.Count;
            string? ns = null;
            if (ClusterScopedKinds.IsNamespaced(gvk, policy.IsNamespaced, crdScopes))
            {
                ns = metadata["namespace"] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : policy.DefaultNamespace;
                if (ns is null)
                {
                    problems.Add($"{Where(doc)}: {subject}: metadata.namespace is not set and the app has no default namespace (spec.namespace)");
                }
                else if (!ObjectNames.IsNamespaceName(ns))
                {
                    problems.Add($"{Where(doc)}: {subject}: metadata.namespace '{ns}' is not a valid namespace name");
                }
                else if (!NamespaceAllowed(policy, ns))
                {
                    problems.Add($"{Where(doc)}: {subject}: namespace '{ns}' is not allowed on cluster '{policy.ClusterName}' (allowed: {string.Join(", ", policy.AllowedNamespaces)})");
                }
                else
                {
                    metadata["namespace"] = ns;
                }
            }
            else
            {
                // kubectl ignores a namespace on cluster-scoped objects; drop it so identity and diffs are stable.
                metadata.Remove("namespace");
                if (!policy.AllowClusterScoped)
                {
                    problems.Add($"{Where(doc)}: {subject}: cluster-scoped objects are not allowed on cluster '{policy.ClusterName}'");
                }
                else if (gvk is { Group: "", Kind: "Namespace" } && !NamespaceAllowed(policy, name))
                {
                    problems.Add($"{Where(doc)}: {subject}: namespace '{name}' is not allowed on cluster '{policy.ClusterName}'");
                }
            }

            if (problems.Count != before)
            {
                continue;
            }

            var key = new ObjectRef(gvk.Group, gvk.Kind, ns, name);
            if (seen.TryGetValue(key, out var first))
            {
                problems.Add($"{Where(doc)}: {key}: duplicate of the object in {Where(first)}");
                continue;
            }

            seen.Add(key, doc);
            result.Add(obj);
        }

        if (problems.Count > 0)
        {
            throw new RenderException(problems);
        }

        return result;
    }

    /// <summary>"file (document n, line l)".</summary>
    public static string Where(YamlDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return $"{document.File} (document {document.Index}, line {document.Line})";
    }

    private static bool IsList(JsonObject obj) =>
        obj["kind"] is JsonValue kind && kind.TryGetValue<string>(out var k) && k.EndsWith("List", StringComparison.Ordinal)
        && obj["items"] is JsonArray;

    private static bool NamespaceAllowed(ManifestPolicy policy, string ns) =>
        policy.AllowedNamespaces.Count == 0 || policy.AllowedNamespaces.Contains(ns, StringComparer.Ordinal);

    private static void Identify(JsonObject obj, YamlDocument doc, string prefix, List<string> problems, List<(JsonObject, YamlDocument, GroupVersionKind, string)> candidates)
    {
        var where = Where(doc) + ": " + prefix;
        var apiVersion = Text(obj["apiVersion"]);
        var kind = Text(obj["kind"]);
        if (string.IsNullOrEmpty(apiVersion) || string.IsNullOrEmpty(kind))
        {
            problems.Add($"{where}apiVersion and kind are required (strings)");
            return;
        }

        if (obj["metadata"] is not JsonObject metadata)
        {
            problems.Add($"{where}{kind}: metadata is required (a mapping with a name)");
            return;
        }

        var name = Text(metadata["name"]);
        if (name is null && metadata["name"] is { } nonString)
        {
            problems.Add($"{where}{kind}: metadata.name must be a string, not {nonString.ToJsonString()} (YAML reads unquoted yes/no/on/off/y/n and numbers as non-strings; quote it)");
            return;
        }

        if (string.IsNullOrEmpty(name))
        {
            problems.Add($"{where}{kind}: metadata.name is required (generateName is not supported by server-side apply)");
            return;
        }

        var gvk = GroupVersionKind.From(apiVersion, kind);
        if (gvk.Version.Length == 0 || gvk.Version.Contains('/', StringComparison.Ordinal))
        {
            problems.Add($"{where}{kind}/{name}: apiVersion '{apiVersion}' is not group/version or version");
            return;
        }

        if (ObjectNames.Problem(gvk.Group, kind, name) is { } nameProblem)
        {
            problems.Add($"{where}{kind}/{name}: {nameProblem}");
            return;
        }

        if (metadata["namespace"] is { } nsNode && Text(nsNode) is null)
        {
            problems.Add($"{where}{kind}/{name}: metadata.namespace must be a string");
            return;
        }

        if (metadata["labels"] is JsonObject labels && labels.ContainsKey(PartOfLabel))
        {
            problems.Add($"{where}{kind}/{name}: the label '{PartOfLabel}' is set by the engine to track ApplySet membership; remove it from the manifest");
            return;
        }

        candidates.Add((obj, doc, gvk, name));
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static Dictionary<(string Group, string Kind), bool> CrdScopes(IEnumerable<JsonObject> objects)
    {
        var scopes = new Dictionary<(string, string), bool>();
        foreach (var obj in objects)
        {
            if (Text(obj["kind"]) == "CustomResourceDefinition" && Text(obj["apiVersion"])?.StartsWith("apiextensions.k8s.io/", StringComparison.Ordinal) == true
                && obj["spec"] is JsonObject spec && Text(spec["group"]) is { } group && spec["names"] is JsonObject names && Text(names["kind"]) is { } kind)
            {
                scopes[(group, kind)] = Text(spec["scope"]) != "Cluster";
            }
        }

        return scopes;
    }
}
