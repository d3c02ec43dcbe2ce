using System.Text.Json.Nodes;
using GitOps.KubeSim.Api;

namespace GitOps.KubeSim.Objects;

/// <summary>Validation Kubernetes enforces that engines hit: required fields and immutable fields (422 Invalid).</summary>
internal static class ObjectValidation
{
    public static void Validate(ResourceType type, JsonObject obj, JsonObject? live)
    {
        var causes = new List<(string Field, string Reason, string Message)>();
        var spec = obj["spec"] as JsonObject;
        var liveSpec = live?["spec"] as JsonObject;
        switch (type.Kind)
        {
            case "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" when type.Group == "apps":
                Workload(spec, causes);
                if (live is not null && !JsonNode.DeepEquals(spec?["selector"], liveSpec?["selector"]))
                {
                    causes.Add(("spec.selector", "FieldValueInvalid", $"Invalid value: {GoValue.LabelSelector(spec?["selector"])}: field is immutable"));
                }

                if (type.Kind == "StatefulSet" && live is not null && !StatefulSetUpdatable(spec, liveSpec))
                {
                    causes.Add(("spec", "FieldValueForbidden", "Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
                }

                break;
            case "Job" when type.Group == "batch":
                if (live is not null)
                {
                    if (!JsonNode.DeepEquals(spec?["template"], liveSpec?["template"]))
                    {
                        causes.Add(("spec.template", "FieldValueInvalid", "Invalid value: core.PodTemplateSpec{...}: field is immutable"));
                    }

                    if (!JsonNode.DeepEquals(spec?["selector"], liveSpec?["selector"]))
                    {
                        causes.Add(("spec.selector", "FieldValueInvalid", $"Invalid value: {GoValue.LabelSelector(spec?["selector"])}: field is immutable"));
                    }

                    if (!JsonNode.DeepEquals(spec?["completions"], liveSpec?["completions"]))
                    {
                        causes.Add(("spec.completions", "FieldValueInvalid", $"Invalid value: {spec?["completions"]?.ToJsonString() ?? "null"}: field is immutable"));
                    }
                }

                if (spec?["template"]?["spec"]?["containers"] is not JsonArray { Count: > 0 })
                {
                    causes.Add(("spec.template.spec.containers", "FieldValueRequired", "Required value"));
                }

                break;
            case "Service" when type.Group.Length == 0 && live is not null:
                var liveIp = (string?)liveSpec?["clusterIP"];
                var ip = (string?)spec?["clusterIP"];
                if (!string.IsNullOrEmpty(liveIp) && liveIp != "None" && ip != liveIp && (string?)spec?["type"] != "ExternalName")
                {
                    causes.Add(("spec.clusterIPs[0]", "FieldValueInvalid", $"Invalid value: []string{{\"{ip}\"}}: may not change once set"));
                }

                break;
            case "ConfigMap" or "Secret" when type.Group.Length == 0 && live is not null && (bool?)live["immutable"] == true:
                if (!JsonNode.DeepEquals(obj["data"], live["data"]) || !JsonNode.DeepEquals(obj["binaryData"], live["binaryData"]))
                {
                    causes.Add(("data", "FieldValueForbidden", "Forbidden: field is immutable when `immutable` is set"));
                }

                break;
            case "RoleBinding" or "ClusterRoleBinding" when live is not null && !JsonNode.DeepEquals(obj["roleRef"], live["roleRef"]):
                causes.Add(("roleRef", "FieldValueInvalid", $"Invalid value: {GoValue.Plain(obj["roleRef"])}: cannot change roleRef"));
                break;
            case "PersistentVolumeClaim" when live is not null:
                var a = (JsonObject?)spec?.DeepClone() ?? [];
                var b = (JsonObject?)liveSpec?.DeepClone() ?? [];
                a["resources"]?.AsObject().Remove("requests");
                b["resources"]?.AsObject().Remove("requests");
                a.Remove("volumeName");
                b.Remove("volumeName");
                if (!JsonNode.DeepEquals(a, b))
                {
                    causes.Add(("spec", "FieldValueForbidden", "Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims"));
                }

                break;
            case "CustomResourceDefinition":
                Crd(obj, causes);
                break;
        }

        if (causes.Count > 0)
        {
            throw ApiError.Invalid(type, (string?)obj["metadata"]?["name"] ?? "", causes);
        }
    }

    private static void Workload(JsonObject? spec, List<(string, string, string)> causes)
    {
        if (spec?["selector"] is not JsonObject selector)
        {
            causes.Add(("spec.selector", "FieldValueRequired", "Required value"));
            return;
        }

        var labels = spec["template"]?["metadata"]?["labels"] as JsonObject;
        if (selector["matchLabels"] is JsonObject match && match.Any(p => (string?)labels?[p.Key] != (string?)p.Value))
        {
            causes.Add(("spec.template.metadata.labels", "FieldValueInvalid", $"Invalid value: {GoValue.StringMap(labels)}: `selector` does not match template `labels`"));
        }

        if (spec["template"]?["spec"]?["containers"] is not JsonArray { Count: > 0 } containers)
        {
            causes.Add(("spec.template.spec.containers", "FieldValueRequired", "Required value"));
            return;
        }

        for (var i = 0; i < containers.Count; i++)
        {
            if (containers[i]?["image"] is null)
            {
                causes.Add(($"spec.template.spec.containers[{i}].image", "FieldValueRequired", "Required value"));
            }
        }
    }

    private static bool StatefulSetUpdatable(JsonObject? spec, JsonObject? live)
    {
        static JsonObject Strip(JsonObject? s)
        {
            var copy = (JsonObject?)s?.DeepClone() ?? [];
            foreach (var key in new[] { "replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy", "minReadySeconds" })
            {
                copy.Remove(key);
            }

            return copy;
        }

        return JsonNode.DeepEquals(Strip(spec), Strip(live));
    }

    private static void Crd(JsonObject obj, List<(string, string, string)> causes)
    {
        var spec = obj["spec"];
        var group = (string?)spec?["group"];
        var plural = (string?)spec?["names"]?["plural"];
        var name = (string?)obj["metadata"]?["name"];
        if (group is null)
        {
            causes.Add(("spec.group", "FieldValueRequired", "Required value"));
        }

        if (plural is null)
        {
            causes.Add(("spec.names.plural", "FieldValueRequired", "Required value"));
        }

        if (spec?["names"]?["kind"] is null)
        {
            causes.Add(("spec.names.kind", "FieldValueRequired", "Required value"));
        }

        if (group is not null && plural is not null && name != plural + "." + group)
        {
            causes.Add(("metadata.name", "FieldValueInvalid", $"Invalid value: \"{name}\": must be spec.names.plural+\".\"+spec.group"));
        }

        if (spec?["versions"] is not JsonArray { Count: > 0 } versions)
        {
            causes.Add(("spec.versions", "FieldValueInvalid", "Invalid value: null: must have exactly one version marked as storage version"));
        }
        else if (versions.Count(v => (bool?)v?["storage"] == true) != 1)
        {
            causes.Add(("spec.versions", "FieldValueInvalid", $"Invalid value: {GoValue.Plain(versions)}: must have exactly one version marked as storage version"));
        }
    }
}

/// <summary>Renders values roughly the way Go's %#v shows them in Kubernetes validation messages.</summary>
internal static class GoValue
{
    public static string StringMap(JsonObject? map) =>
        map is null ? "map[string]string(nil)" : "map[string]string{" + string.Join(", ", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"\"{p.Key}\":\"{(string?)p.Value}\"")) + "}";

    public static string LabelSelector(JsonNode? selector) =>
        selector is null
            ? "(*v1.LabelSelector)(nil)"
            : $"v1.LabelSelector{{MatchLabels:{StringMap(selector["matchLabels"] as JsonObject)}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}}";

    public static string Plain(JsonNode? node) => node?.ToJsonString() ?? "null";
}
