using GitOps.Engine.Drift.Comparison;
using GitOps.Kubernetes;

namespace GitOps.Engine.Drift.Sweep;

/// <summary>One object that differs from Git: missing, modified, extra, or in conflict with another controller.</summary>
/// <param name="Object">The object.</param>
/// <param name="Kind">What kind of drift.</param>
/// <param name="Fields">For modified objects, the fields that differ (Secret values masked).</param>
/// <param name="Message">A one-line explanation.</param>
/// <param name="PruneDisabled">For extra objects: an opt-out annotation keeps the object, so healing never prunes it.</param>
public sealed record DriftFinding(ObjectRef Object, DriftKind Kind, IReadOnlyList<FieldDrift> Fields, string Message, bool PruneDisabled = false)
{
    public override string ToString() => $"{Object} {Kind.ToString().ToLowerInvariant()}: {Message}";
}

/// <summary>How an object drifted.</summary>
public enum DriftKind
{
    /// <summary>Desired but deleted live.</summary>
    Missing,

    /// <summary>Live fields differ from what we apply (confirmed by an SSA dry-run).</summary>
    Modified,

    /// <summary>A member of the app's ApplySet that Git no longer declares (should have been pruned).</summary>
    Extra,

    /// <summary>Modified again right after a heal: another controller fights us, so healing backs off.</summary>
    Conflict,
}
