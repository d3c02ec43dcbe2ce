using System.Text.Json.Nodes;
using GitOps.Kubernetes;

namespace GitOps.Engine.Health;

/// <summary>
/// Assesses live objects: pending deletion is Progressing for every kind, then the kind's own rule,
/// then the generic conditions rule. A null result means the kind has no health (counts as healthy).
/// </summary>
public sealed class HealthAssessor
{
    private readonly IReadOnlyDictionary<GroupKind, IHealthCheck> _checks;
    private readonly IHealthCheck _generic;

    /// <summary>Creates an assessor over the given rules (defaults: the built-in rules and the generic conditions rule).</summary>
    public HealthAssessor(IReadOnlyDictionary<GroupKind, IHealthCheck>? checks = null, IHealthCheck? generic = null)
    {
        _checks = checks ?? HealthChecks.BuiltIn;
        _generic = generic ?? HealthChecks.Generic;
    }

    /// <summary>An assessor with the built-in rules.</summary>
    public static HealthAssessor Default { get; } = new();

    /// <summary>The kind's own rule, or null when the generic rule applies.</summary>
    public IHealthCheck? RuleFor(GroupKind groupKind) => _checks.GetValueOrDefault(groupKind);

    /// <summary>The health of one live object, or null when its kind has no health.</summary>
    public HealthResult? Assess(JsonObject live)
    {
        ArgumentNullException.ThrowIfNull(live);
        if (live["metadata"] is JsonObject metadata && metadata["deletionTimestamp"] is JsonValue)
        {
            return HealthResult.ProgressingBecause("Pending deletion");
        }

        var gvk = GroupVersionKind.Of(live);
        var rule = RuleFor(new GroupKind(gvk.Group, gvk.Kind)) ?? _generic;
        return rule.Check(live);
    }
}
