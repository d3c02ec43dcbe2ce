using System.Text.Json.Nodes;
using static GitOps.Engine.Health.LiveFields;

namespace GitOps.Engine.Health.Checks;

/// <summary>
/// v1/Pod. Long-running pods (restartPolicy Always) are Degraded when a container waits on an
/// error or back-off, Healthy when Ready. Pods that run to completion (Never, OnFailure) stay
/// Progressing while running: they are typically hooks, and only Succeeded counts as healthy.
/// </summary>
public sealed class PodHealth : IHealthCheck
{
    /// <inheritdoc />
    public HealthResult? Check(JsonObject live)
    {
        var restartPolicy = Text(At(live, "spec", "restartPolicy")) ?? "Always";
        var statuses = At(live, "status", "containerStatuses");
        if (restartPolicy == "Always" && WaitingOnError(statuses) is { } waitingMessage)
        {
            return HealthResult.DegradedBecause(waitingMessage);
        }

        var statusMessage = Text(At(live, "status", "message")) ?? "";
        switch (Text(At(live, "status", "phase")))
        {
            case "Pending":
                return HealthResult.ProgressingBecause(statusMessage);
            case "Succeeded":
                return HealthResult.HealthyBecause(statusMessage);
            case "Failed":
                return HealthResult.DegradedBecause(statusMessage.Length > 0 ? statusMessage : TerminationMessage(statuses));
            case "Running" when restartPolicy == "Always":
                if (IsTrue(Condition(live, "Ready")))
                {
                    return HealthResult.HealthyBecause("Running");
                }

                return Objects(statuses).Any(s => At(s, "lastState", "terminated") is JsonObject)
                    ? HealthResult.DegradedBecause(TerminationMessage(statuses))
                    : HealthResult.ProgressingBecause("Waiting for the pod to become ready");
            case "Running":
                // Run-to-completion pods are healthy only once they succeed.
                return HealthResult.ProgressingBecause("Running");
            default:
                return new(HealthStatus.Unknown, statusMessage);
        }
    }

    private static string? WaitingOnError(JsonNode? statuses)
    {
        var messages = new List<string>();
        foreach (var status in Objects(statuses))
        {
            var waiting = At(status, "state", "waiting");
            var reason = Text(At(waiting, "reason")) ?? "";
            if (reason.StartsWith("Err", StringComparison.Ordinal)
                || reason.EndsWith("Error", StringComparison.Ordinal)
                || reason.EndsWith("BackOff", StringComparison.Ordinal))
            {
                messages.Add(Text(At(waiting, "message")) ?? reason);
            }
        }

        return messages.Count == 0 ? null : string.Join("; ", messages);
    }

    private static string TerminationMessage(JsonNode? statuses)
    {
        foreach (var status in Objects(statuses))
        {
            var terminated = At(status, "state", "terminated") ?? At(status, "lastState", "terminated");
            if (terminated is JsonObject t)
            {
                return Text(t["message"]) ?? $"container {Text(status["name"])} terminated: {Text(t["reason"])}";
            }
        }

        return "";
    }
}
