using GitOps.KubeSim.Objects;
using System.Globalization;
using System.Text.Json.Nodes;
using GitOps.KubeSim.Api;

namespace GitOps.KubeSim.Controllers;

/// <summary>How a simulated workload should end up.</summary>
public enum SimulatedHealth
{
    /// <summary>Rolls out and becomes available.</summary>
    Healthy,

    /// <summary>Stays mid-rollout.</summary>
    Progressing,

    /// <summary>Fails (deadline exceeded, job failed, crash loop).</summary>
    Degraded,
}

/// <summary>
/// Deterministic stand-ins for the kube-controller-manager: workload, job, pod, PVC, Service, Ingress, HPA and CRD
/// status. By default status settles synchronously on each write; with <see cref="SettleOnWrite"/> off a write
/// leaves workloads progressing until <see cref="KubeSimServer.SettleControllers"/> runs a tick.
/// The annotation <c>kubesim.gitops.io/health: progressing|degraded</c> or an image tag containing
/// "fail" (degraded) or "progressing" pins the outcome.
/// </summary>
public sealed class SimulatedControllers
{
    /// <summary>The annotation that pins a simulated outcome.</summary>
    public const string HealthAnnotation = "kubesim.gitops.io/health";

    private readonly TimeProvider _time;

    internal SimulatedControllers(TimeProvider time) => _time = time;

    /// <summary>When false, controllers are off entirely: status is never written.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>When true (default) status settles on every write; when false a tick settles it.</summary>
    public bool SettleOnWrite { get; set; } = true;

    private string Now => _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Updates obj.status in place; returns false when no controller handles the kind.</summary>
    internal bool Reconcile(ResourceType type, JsonObject obj, bool settle)
    {
        if (!Enabled)
        {
            return false;
        }

        if (obj["metadata"]?["deletionTimestamp"] is not null)
        {
            return false;
        }

        var health = HealthOf(obj);
        var generation = JsonNumbers.Long(obj["metadata"]?["generation"]) ?? 1;
        var status = obj["status"] as JsonObject;
        if (!settle && health == SimulatedHealth.Healthy && IsWorkload(type))
        {
            // Manual mode: a new generation starts progressing; a settled one stays as it is.
            if (status is not null && (type.Kind is "Job" or "Pod" || JsonNumbers.Long(status["observedGeneration"]) == generation))
            {
                return true;
            }

            health = SimulatedHealth.Progressing;
        }

        switch (type.IsCustom ? "" : type.Kind)
        {
            case "Deployment":
                obj["status"] = Deployment(obj, health, generation, status);
                return true;
            case "StatefulSet":
                obj["status"] = StatefulSet(obj, health, generation);
                return true;
            case "DaemonSet":
                obj["status"] = DaemonSet(health, generation);
                return true;
            case "ReplicaSet":
                var r = Replicas(obj);
                var ready = health == SimulatedHealth.Healthy ? r : 0;
                obj["status"] = new JsonObject { ["replicas"] = r, ["fullyLabeledReplicas"] = r, ["readyReplicas"] = ready, ["availableReplicas"] = ready, ["observedGeneration"] = generation };
                return true;
            case "Job":
                obj["status"] = Job(obj, health, status);
                return true;
            case "Pod":
                obj["status"] = Pod(obj, health, status);
                return true;
            case "PersistentVolumeClaim":
                obj["status"] = health == SimulatedHealth.Healthy
                    ? new JsonObject { ["phase"] = "Bound", ["accessModes"] = obj["spec"]?["accessModes"]?.DeepClone(), ["capacity"] = new JsonObject { ["storage"] = obj["spec"]?["resources"]?["requests"]?["storage"]?.DeepClone() } }
                    : new JsonObject { ["phase"] = "Pending" };
                return true;
            case "Service":
                var lb = new JsonObject();
                if ((string?)obj["spec"]?["type"] == "LoadBalancer" && health == SimulatedHealth.Healthy)
                {
                    lb["ingress"] = new JsonArray(new JsonObject { ["ip"] = "127.0.0.2", ["ipMode"] = "VIP" });
                }

                obj["status"] = new JsonObject { ["loadBalancer"] = lb };
                return true;
            case "Ingress":
                obj["status"] = new JsonObject
                {
                    ["loadBalancer"] = health == SimulatedHealth.Healthy ? new JsonObject { ["ingress"] = new JsonArray(new JsonObject { ["ip"] = "127.0.0.2" }) } : new JsonObject(),
                };
                return true;
            case "Namespace":
                obj["status"] = new JsonObject { ["phase"] = "Active" };
                return true;
            case "CustomResourceDefinition":
                obj["status"] = Crd(obj, status);
                return true;
            case "HorizontalPodAutoscaler":
                obj["status"] = HorizontalPodAutoscaler(obj, health, status);
                return true;
            case "PodDisruptionBudget":
                obj["status"] = new JsonObject { ["observedGeneration"] = generation, ["currentHealthy"] = 1, ["desiredHealthy"] = 1, ["expectedPods"] = 1, ["disruptionsAllowed"] = 0 };
                return true;
            default:
                return false;
        }
    }

    private static bool IsWorkload(ResourceType type) => !type.IsCustom && type.Kind is "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "Job" or "Pod";

    internal static SimulatedHealth HealthOf(JsonObject obj)
    {
        switch ((string?)obj["metadata"]?["annotations"]?[HealthAnnotation])
        {
            case "progressing":
                return SimulatedHealth.Progressing;
            case "degraded":
                return SimulatedHealth.Degraded;
        }

        var podSpec = obj["spec"]?["template"]?["spec"] ?? obj["spec"]?["jobTemplate"]?["spec"]?["template"]?["spec"] ?? obj["spec"];
        foreach (var container in (podSpec?["containers"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var image = (string?)container["image"] ?? "";
            var tag = image.LastIndexOf(':') is var i and > 0 && !image[i..].Contains('/', StringComparison.Ordinal) ? image[(i + 1)..] : "";
            if (tag.Contains("fail", StringComparison.Ordinal))
            {
                return SimulatedHealth.Degraded;
            }

            if (tag.Contains("progressing", StringComparison.Ordinal))
            {
                return SimulatedHealth.Progressing;
            }
        }

        return SimulatedHealth.Healthy;
    }

    private static long Replicas(JsonObject obj) => JsonNumbers.Long(obj["spec"]?["replicas"]) ?? 1;

    private JsonObject Deployment(JsonObject obj, SimulatedHealth health, long generation, JsonObject? previous)
    {
        var replicas = Replicas(obj);
        var name = (string?)obj["metadata"]?["name"];
        var rs = $"{name}-{TemplateHash(obj)}";
        var now = Now;
        var status = new JsonObject { ["observedGeneration"] = generation };
        var (updated, available) = health switch
        {
            SimulatedHealth.Healthy => (replicas, replicas),
            SimulatedHealth.Progressing => (Math.Min(replicas, 1), 0L),
            _ => (replicas, 0L),
        };
        status["replicas"] = replicas;
        status["updatedReplicas"] = updated;
        status["readyReplicas"] = available;
        status["availableReplicas"] = available;
        if (replicas - available > 0)
        {
            status["unavailableReplicas"] = replicas - available;
        }

        if (available == 0 && replicas > 0)
        {
            status.Remove("readyReplicas");
            status.Remove("availableReplicas");
        }

        var conditions = new JsonArray
        {
            available >= replicas || replicas == 0
                ? Condition("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", now, previous)
                : Condition("Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", now, previous),
            health switch
            {
                SimulatedHealth.Healthy => Condition("Progressing", "True", "NewReplicaSetAvailable", $"ReplicaSet \"{rs}\" has successfully progressed.", now, previous),
                SimulatedHealth.Progressing => Condition("Progressing", "True", "ReplicaSetUpdated", $"ReplicaSet \"{rs}\" is progressing.", now, previous),
                _ => Condition("Progressing", "False", "ProgressDeadlineExceeded", $"ReplicaSet \"{rs}\" has timed out progressing.", now, previous),
            },
        };
        status["conditions"] = conditions;
        return status;
    }

    // What the autoscaler reports once it has read its target and metrics: able to scale, scaling active, within range.
    private JsonObject HorizontalPodAutoscaler(JsonObject obj, SimulatedHealth health, JsonObject? previous)
    {
        var now = Now;
        var replicas = JsonNumbers.Long(obj["spec"]?["minReplicas"]) ?? 1;
        var conditions = health switch
        {
            SimulatedHealth.Degraded => new JsonArray(
                Condition("AbleToScale", "True", "SucceededGetScale", "the HPA controller was able to get the target's current scale", now, previous),
                Condition("ScalingActive", "False", "FailedGetResourceMetric", "the HPA was unable to compute the replica count: unable to get metrics for resource cpu", now, previous)),
            SimulatedHealth.Progressing => new JsonArray(),
            _ => new JsonArray(
                Condition("AbleToScale", "True", "ReadyForNewScale", "recommended size matches current size", now, previous),
                Condition("ScalingActive", "True", "ValidMetricFound", "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)", now, previous),
                Condition("ScalingLimited", "False", "DesiredWithinRange", "the desired count is within the acceptable range", now, previous)),
        };
        return new JsonObject
        {
            ["observedGeneration"] = JsonNumbers.Long(obj["metadata"]?["generation"]) ?? 1,
            ["currentReplicas"] = replicas,
            ["desiredReplicas"] = replicas,
            ["conditions"] = conditions,
        };
    }

    private static JsonObject StatefulSet(JsonObject obj, SimulatedHealth health, long generation)
    {
        var replicas = Replicas(obj);
        var revision = $"{(string?)obj["metadata"]?["name"]}-{TemplateHash(obj)}";
        var ready = health == SimulatedHealth.Healthy ? replicas : 0;
        var status = new JsonObject
        {
            ["observedGeneration"] = generation,
            ["replicas"] = replicas,
            ["readyReplicas"] = ready,
            ["currentReplicas"] = health == SimulatedHealth.Healthy ? replicas : 0,
            ["updatedReplicas"] = health == SimulatedHealth.Progressing ? 0 : replicas,
            ["availableReplicas"] = ready,
            ["currentRevision"] = revision,
            ["updateRevision"] = revision,
            ["collisionCount"] = 0,
        };
        if (health != SimulatedHealth.Healthy)
        {
            status["currentRevision"] = revision + "-previous";
        }

        return status;
    }

    private static JsonObject DaemonSet(SimulatedHealth health, long generation)
    {
        var ready = health == SimulatedHealth.Healthy ? 1 : 0;
        return new JsonObject
        {
            ["currentNumberScheduled"] = 1,
            ["desiredNumberScheduled"] = 1,
            ["numberMisscheduled"] = 0,
            ["numberReady"] = ready,
            ["numberAvailable"] = ready,
            ["updatedNumberScheduled"] = health == SimulatedHealth.Progressing ? 0 : 1,
            ["observedGeneration"] = generation,
        };
    }

    private JsonObject Job(JsonObject obj, SimulatedHealth health, JsonObject? previous)
    {
        var now = Now;
        var start = (string?)previous?["startTime"] ?? now;
        var completions = JsonNumbers.Long(obj["spec"]?["completions"]) ?? 1;
        if ((bool?)obj["spec"]?["suspend"] == true)
        {
            return new JsonObject { ["conditions"] = new JsonArray(Condition("Suspended", "True", "JobSuspended", "Job suspended", now, previous)) };
        }

        return health switch
        {
            SimulatedHealth.Healthy => new JsonObject
            {
                ["conditions"] = new JsonArray(
                    Condition("SuccessCriteriaMet", "True", "CompletionsReached", "Reached expected number of succeeded pods", now, previous),
                    Condition("Complete", "True", "CompletionsReached", "Reached expected number of succeeded pods", now, previous)),
                ["startTime"] = start,
                ["completionTime"] = (string?)previous?["completionTime"] ?? now,
                ["succeeded"] = completions,
                ["ready"] = 0,
                ["terminating"] = 0,
                ["uncountedTerminatedPods"] = new JsonObject(),
            },
            SimulatedHealth.Progressing => new JsonObject { ["startTime"] = start, ["active"] = 1, ["ready"] = 0, ["terminating"] = 0, ["uncountedTerminatedPods"] = new JsonObject() },
            _ => new JsonObject
            {
                ["conditions"] = new JsonArray(
                    Condition("FailureTarget", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit", now, previous),
                    Condition("Failed", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit", now, previous)),
                ["startTime"] = start,
                ["failed"] = (JsonNumbers.Long(obj["spec"]?["backoffLimit"]) ?? 6) + 1,
                ["ready"] = 0,
                ["terminating"] = 0,
                ["uncountedTerminatedPods"] = new JsonObject(),
            },
        };
    }

    private JsonObject Pod(JsonObject obj, SimulatedHealth health, JsonObject? previous)
    {
        var now = Now;
        var ready = health == SimulatedHealth.Healthy ? "True" : "False";
        var statuses = new JsonArray();
        foreach (var container in (obj["spec"]?["containers"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var state = health switch
            {
                SimulatedHealth.Healthy => new JsonObject { ["running"] = new JsonObject { ["startedAt"] = now } },
                SimulatedHealth.Progressing => new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "ContainerCreating" } },
                _ => new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "CrashLoopBackOff", ["message"] = "back-off restarting failed container" } },
            };
            statuses.Add(new JsonObject
            {
                ["name"] = container["name"]?.DeepClone(),
                ["image"] = container["image"]?.DeepClone(),
                ["imageID"] = "",
                ["ready"] = health == SimulatedHealth.Healthy,
                ["restartCount"] = health == SimulatedHealth.Degraded ? 5 : 0,
                ["started"] = health == SimulatedHealth.Healthy,
                ["state"] = state,
            });
        }

        return new JsonObject
        {
            ["phase"] = health == SimulatedHealth.Healthy ? "Running" : "Pending",
            ["conditions"] = new JsonArray(
                Condition("PodScheduled", "True", null, null, now, previous),
                Condition("Initialized", "True", null, null, now, previous),
                Condition("ContainersReady", ready, null, null, now, previous),
                Condition("Ready", ready, null, null, now, previous)),
            ["hostIP"] = "127.0.0.1",
            ["podIP"] = "10.244.0.10",
            ["startTime"] = (string?)previous?["startTime"] ?? now,
            ["containerStatuses"] = statuses,
            ["qosClass"] = "BestEffort",
        };
    }

    private JsonObject Crd(JsonObject obj, JsonObject? previous)
    {
        var now = Now;
        var names = obj["spec"]?["names"]?.DeepClone() as JsonObject ?? [];
        if (names["singular"] is null && (string?)names["kind"] is { } kind)
        {
            names["singular"] = kind.ToLowerInvariant();
        }

        if (names["listKind"] is null && (string?)names["kind"] is { } k)
        {
            names["listKind"] = k + "List";
        }

        var storage = (obj["spec"]?["versions"] as JsonArray)?.FirstOrDefault(v => (bool?)v?["storage"] == true)?["name"]?.DeepClone();
        var stored = previous?["storedVersions"] as JsonArray;
        var storedVersions = stored is null ? new JsonArray() : (JsonArray)stored.DeepClone();
        if (storage is not null && !storedVersions.Any(v => JsonNode.DeepEquals(v, storage)))
        {
            storedVersions.Add(storage);
        }

        return new JsonObject
        {
            ["conditions"] = new JsonArray(
                Condition("NamesAccepted", "True", "NoConflicts", "no conflicts found", now, previous),
                Condition("Established", "True", "InitialNamesAccepted", "the initial names have been accepted", now, previous)),
            ["acceptedNames"] = names,
            ["storedVersions"] = storedVersions,
        };
    }

    // Keeps lastTransitionTime when the condition's status did not change, like real controllers.
    private static JsonObject Condition(string type, string status, string? reason, string? message, string now, JsonObject? previous)
    {
        var old = (previous?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == type);
        var since = old is not null && (string?)old["status"] == status ? (string?)old["lastTransitionTime"] ?? now : now;
        var condition = new JsonObject { ["type"] = type, ["status"] = status };
        if (type is "Available" or "Progressing")
        {
            condition["lastUpdateTime"] = old is not null && (string?)old["status"] == status && (string?)old["reason"] == reason ? (string?)old["lastUpdateTime"] ?? now : now;
        }

        condition["lastTransitionTime"] = since;
        if (reason is not null)
        {
            condition["reason"] = reason;
        }

        if (message is not null)
        {
            condition["message"] = message;
        }

        return condition;
    }

    private static string TemplateHash(JsonObject obj)
    {
        var text = obj["spec"]?["template"]?.ToJsonString() ?? "";
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text));
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        return new string([.. hash.Take(10).Select(b => alphabet[b % alphabet.Length])]);
    }
}
