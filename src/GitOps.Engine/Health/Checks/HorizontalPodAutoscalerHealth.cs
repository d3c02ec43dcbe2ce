using System.Text.Json;
using System.Text.Json.Nodes;
using static GitOps.Engine.Health.LiveFields;

namespace GitOps.Engine.Health.Checks;

/// <summary>
/// autoscaling/HorizontalPodAutoscaler (v1 keeps its conditions in an annotation, v2 in status).
/// The first condition that signals failure or a settled state decides; otherwise Progressing.
/// </summary>
public sealed class HorizontalPodAutoscalerHealth : IHealthCheck
{
    private const string V1ConditionsAnnotation = "autoscaling.alpha.kubernetes.io/conditions";

    private static readonly HashSet<(string Type, string Reason)> DegradedStates =
    [
        ("AbleToScale", "FailedGetScale"),
        ("AbleToScale", "FailedUpdateScale"),
        ("ScalingActive", "FailedGetResourceMetric"),
        ("ScalingActive", "InvalidSelector"),
    ];

    private static readonly HashSet<(string Type, string Reason)> HealthyStates =
    [
        ("AbleToScale", "SucceededRescale"),
        ("AbleToScale", "ReadyForNewScale"),
        ("ScalingActive", "ScalingDisabled"),
        ("ScalingLimited", "TooFewReplicas"),
        ("ScalingLimited", "TooManyReplicas"),
    ];

    /// <inheritdoc />
    public HealthResult? Check(JsonObject live)
    {
        foreach (var condition in ReadConditions(live))
        {
            var key = (Text(condition["type"]) ?? "", Text(condition["reason"]) ?? "");
            if (DegradedStates.Contains(key))
            {
                return HealthResult.DegradedBecause(Message(condition));
            }

            if (HealthyStates.Contains(key))
            {
                return HealthResult.HealthyBecause(Message(condition));
            }
        }

        return HealthResult.ProgressingBecause("Waiting to Autoscale");
    }

    private static IEnumerable<JsonObject> ReadConditions(JsonObject live)
    {
        if (At(live, "status", "conditions") is JsonArray)
        {
            return Conditions(live);
        }

        if (Text(At(live, "metadata", "annotations", V1ConditionsAnnotation)) is not { } text)
        {
            return [];
        }

        try
        {
            return Objects(JsonNode.Parse(text));
        }
        catch (JsonException)
        {
            // A garbled annotation says nothing about health; fall back to Progressing.
            return [];
        }
    }
}
