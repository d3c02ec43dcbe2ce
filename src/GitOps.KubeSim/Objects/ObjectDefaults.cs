using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using GitOps.KubeSim.Api;

namespace GitOps.KubeSim.Objects;

/// <summary>The server defaults engines trip over: workload specs, pod templates, Services, Secrets, quantities.</summary>
internal sealed class ObjectDefaults
{
    private int _nextClusterIp = 10;
    private int _nextNodePort = 30000;

    public void Apply(ResourceType type, JsonObject obj, JsonObject? live)
    {
        if (type.IsCustom)
        {
            return;
        }

        var spec = obj["spec"] as JsonObject;
        switch (type.Kind)
        {
            case "Deployment" when spec is not null:
                SetIfMissing(spec, "replicas", 1);
                SetIfMissing(spec, "revisionHistoryLimit", 10);
                SetIfMissing(spec, "progressDeadlineSeconds", 600);
                var strategy = Map(spec, "strategy");
                SetIfMissing(strategy, "type", "RollingUpdate");
                if ((string?)strategy["type"] == "RollingUpdate")
                {
                    var rolling = Map(strategy, "rollingUpdate");
                    SetIfMissing(rolling, "maxUnavailable", "25%");
                    SetIfMissing(rolling, "maxSurge", "25%");
                }

                PodTemplate(spec);
                break;
            case "StatefulSet" when spec is not null:
                SetIfMissing(spec, "replicas", 1);
                SetIfMissing(spec, "revisionHistoryLimit", 10);
                SetIfMissing(spec, "podManagementPolicy", "OrderedReady");
                var sts = Map(spec, "updateStrategy");
                SetIfMissing(sts, "type", "RollingUpdate");
                if ((string?)sts["type"] == "RollingUpdate")
                {
                    SetIfMissing(Map(sts, "rollingUpdate"), "partition", 0);
                }

                var retention = Map(spec, "persistentVolumeClaimRetentionPolicy");
                SetIfMissing(retention, "whenDeleted", "Retain");
                SetIfMissing(retention, "whenScaled", "Retain");
                PodTemplate(spec);
                break;
            case "DaemonSet" when spec is not null:
                SetIfMissing(spec, "revisionHistoryLimit", 10);
                var ds = Map(spec, "updateStrategy");
                SetIfMissing(ds, "type", "RollingUpdate");
                if ((string?)ds["type"] == "RollingUpdate")
                {
                    var rolling = Map(ds, "rollingUpdate");
                    SetIfMissing(rolling, "maxUnavailable", 1);
                    SetIfMissing(rolling, "maxSurge", 0);
                }

                PodTemplate(spec);
                break;
            case "ReplicaSet" when spec is not null:
                SetIfMissing(spec, "replicas", 1);
                PodTemplate(spec);
                break;
            case "Job" when spec is not null:
                Job(spec, obj, live);
                break;
            case "CronJob" when spec is not null:
                SetIfMissing(spec, "concurrencyPolicy", "Allow");
                SetIfMissing(spec, "suspend", false);
                SetIfMissing(spec, "successfulJobsHistoryLimit", 3);
                SetIfMissing(spec, "failedJobsHistoryLimit", 1);
                if (spec["jobTemplate"]?["spec"] is JsonObject jobSpec)
                {
                    SetIfMissing(jobSpec, "backoffLimit", 6);
                    SetIfMissing(jobSpec, "completionMode", "NonIndexed");
                    SetIfMissing(jobSpec, "suspend", false);
                    SetIfMissing(jobSpec, "podReplacementPolicy", "TerminatingOrFailed");
                    PodTemplate(jobSpec, restartPolicy: null);
                }

                break;
            case "Pod" when spec is not null:
                PodSpec(spec, "Always");
                break;
            case "Service":
                Service(obj, live);
                break;
            case "Secret":
                Secret(obj);
                break;
            case "Namespace":
                var nsLabels = Map(Map(obj, "metadata"), "labels");
                nsLabels["kubernetes.io/metadata.name"] = (string?)obj["metadata"]?["name"];
                SetIfMissing(Map(obj, "spec"), "finalizers", new JsonArray("kubernetes"));
                break;
            case "PersistentVolumeClaim" when spec is not null:
                SetIfMissing(spec, "volumeMode", "Filesystem");
                Quantities(spec["resources"] as JsonObject);
                break;
            case "NetworkPolicy" when spec is not null && spec["policyTypes"] is null:
                var types = new JsonArray("Ingress");
                if (spec["egress"] is not null)
                {
                    types.Add("Egress");
                }

                spec["policyTypes"] = types;
                break;
        }
    }

    private void Job(JsonObject spec, JsonObject obj, JsonObject? live)
    {
        SetIfMissing(spec, "backoffLimit", 6);
        SetIfMissing(spec, "completions", 1);
        SetIfMissing(spec, "parallelism", 1);
        SetIfMissing(spec, "completionMode", "NonIndexed");
        SetIfMissing(spec, "suspend", false);
        SetIfMissing(spec, "podReplacementPolicy", "TerminatingOrFailed");
        PodTemplate(spec, restartPolicy: null);
        if (live is null && (bool?)spec["manualSelector"] != true && spec["selector"] is null)
        {
            var uid = (string?)obj["metadata"]?["uid"] ?? "";
            var name = (string?)obj["metadata"]?["name"] ?? "";
            spec["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["batch.kubernetes.io/controller-uid"] = uid } };
            var labels = Map(Map(Map(spec, "template"), "metadata"), "labels");
            labels["batch.kubernetes.io/controller-uid"] = uid;
            labels["batch.kubernetes.io/job-name"] = name;
            labels["controller-uid"] = uid;
            labels["job-name"] = name;
            var objLabels = Map(Map(obj, "metadata"), "labels");
            SetIfMissing(objLabels, "batch.kubernetes.io/controller-uid", uid);
            SetIfMissing(objLabels, "batch.kubernetes.io/job-name", name);
            SetIfMissing(objLabels, "controller-uid", uid);
            SetIfMissing(objLabels, "job-name", name);
        }
    }

    private static void PodTemplate(JsonObject spec, string? restartPolicy = "Always")
    {
        if (spec["template"] is not JsonObject template)
        {
            return;
        }

        var metadata = Map(template, "metadata");
        if (!metadata.ContainsKey("creationTimestamp"))
        {
            metadata["creationTimestamp"] = null;
        }

        if (template["spec"] is JsonObject podSpec)
        {
            PodSpec(podSpec, restartPolicy);
        }
    }

    private static void PodSpec(JsonObject spec, string? restartPolicy)
    {
        if (restartPolicy is not null)
        {
            SetIfMissing(spec, "restartPolicy", restartPolicy);
        }

        SetIfMissing(spec, "terminationGracePeriodSeconds", 30);
        SetIfMissing(spec, "dnsPolicy", "ClusterFirst");
        SetIfMissing(spec, "securityContext", new JsonObject());
        SetIfMissing(spec, "schedulerName", "default-scheduler");
        foreach (var list in new[] { "containers", "initContainers" })
        {
            foreach (var container in (spec[list] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                SetIfMissing(container, "terminationMessagePath", "/dev/termination-log");
                SetIfMissing(container, "terminationMessagePolicy", "File");
                SetIfMissing(container, "imagePullPolicy", PullPolicy((string?)container["image"]));
                SetIfMissing(container, "resources", new JsonObject());
                Quantities(container["resources"] as JsonObject);
                foreach (var port in (container["ports"] as JsonArray)?.OfType<JsonObject>() ?? [])
                {
                    SetIfMissing(port, "protocol", "TCP");
                }

                foreach (var env in (container["env"] as JsonArray)?.OfType<JsonObject>() ?? [])
                {
                    if (env["valueFrom"]?["fieldRef"] is JsonObject fieldRef)
                    {
                        SetIfMissing(fieldRef, "apiVersion", "v1");
                    }
                }
            }
        }

        foreach (var volume in (spec["volumes"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            foreach (var source in new[] { "configMap", "secret" })
            {
                if (volume[source] is JsonObject v)
                {
                    SetIfMissing(v, "defaultMode", 420);
                }
            }
        }
    }

    private static string PullPolicy(string? image)
    {
        if (image is null || image.Contains('@', StringComparison.Ordinal))
        {
            return "IfNotPresent";
        }

        var lastSlash = image.LastIndexOf('/');
        var colon = image.IndexOf(':', lastSlash + 1);
        return colon < 0 || image[(colon + 1)..] == "latest" ? "Always" : "IfNotPresent";
    }

    private static void Quantities(JsonObject? resources)
    {
        foreach (var group in new[] { "limits", "requests" })
        {
            if (resources?[group] is not JsonObject values)
            {
                continue;
            }

            foreach (var (key, value) in values.ToList())
            {
                var text = value?.GetValueKind() switch
                {
                    System.Text.Json.JsonValueKind.String => (string?)value,
                    System.Text.Json.JsonValueKind.Number => value!.ToJsonString(),
                    _ => null,
                };
                if (text is not null && Quantity.Canonicalize(text) is { } canonical)
                {
                    values[key] = canonical;
                }
            }
        }
    }

    private void Service(JsonObject obj, JsonObject? live)
    {
        var spec = Map(obj, "spec");
        SetIfMissing(spec, "type", "ClusterIP");
        SetIfMissing(spec, "sessionAffinity", "None");
        var type = (string?)spec["type"];
        if (type != "ExternalName")
        {
            if (spec["clusterIP"] is null && live?["spec"]?["clusterIP"] is { } liveIp)
            {
                spec["clusterIP"] = liveIp.DeepClone();
                spec["clusterIPs"] = live["spec"]?["clusterIPs"]?.DeepClone();
            }

            if (spec["clusterIP"] is null || (string?)spec["clusterIP"] == "")
            {
                var ip = $"10.96.{(_nextClusterIp >> 8) & 255}.{_nextClusterIp & 255}";
                _nextClusterIp++;
                spec["clusterIP"] = ip;
            }

            SetIfMissing(spec, "clusterIPs", new JsonArray((string?)spec["clusterIP"]));
            SetIfMissing(spec, "ipFamilies", new JsonArray("IPv4"));
            SetIfMissing(spec, "ipFamilyPolicy", "SingleStack");
            SetIfMissing(spec, "internalTrafficPolicy", "Cluster");
        }

        if (type is "NodePort" or "LoadBalancer")
        {
            SetIfMissing(spec, "externalTrafficPolicy", "Cluster");
            if (type == "LoadBalancer")
            {
                SetIfMissing(spec, "allocateLoadBalancerNodePorts", true);
            }
        }

        var livePorts = live?["spec"]?["ports"] as JsonArray;
        foreach (var port in (spec["ports"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            SetIfMissing(port, "protocol", "TCP");
            if (port["targetPort"] is null && port["port"] is { } p)
            {
                port["targetPort"] = p.DeepClone();
            }

            if (type is "NodePort" or "LoadBalancer" && port["nodePort"] is null)
            {
                var previous = livePorts?.OfType<JsonObject>().FirstOrDefault(lp => JsonNode.DeepEquals(lp["port"], port["port"]))?["nodePort"];
                port["nodePort"] = previous?.DeepClone() ?? _nextNodePort++;
            }
        }
    }

    private static void Secret(JsonObject obj)
    {
        SetIfMissing(obj, "type", "Opaque");
        if (obj["stringData"] is JsonObject stringData)
        {
            var data = Map(obj, "data");
            foreach (var (key, value) in stringData)
            {
                data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes((string?)value ?? ""));
            }

            obj.Remove("stringData");
        }
    }

    private static JsonObject Map(JsonObject parent, string key)
    {
        if (parent[key] is JsonObject existing)
        {
            return existing;
        }

        var created = new JsonObject();
        parent[key] = created;
        return created;
    }

    private static void SetIfMissing(JsonObject obj, string key, JsonNode? value)
    {
        if (obj[key] is null)
        {
            obj[key] = value;
        }
    }

    internal static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
