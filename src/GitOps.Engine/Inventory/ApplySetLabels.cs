namespace GitOps.Engine.Inventory;

/// <summary>The kubectl-compatible ApplySet label and annotation names (docs/architecture.md, platform facts) and ours on the parent.</summary>
public static class ApplySetLabels
{
    /// <summary>Label on the parent: the ApplySet id.</summary>
    public const string Id = "applyset.kubernetes.io/id";

    /// <summary>Label on each member: the id of the ApplySet it belongs to.</summary>
    public const string PartOf = "applyset.kubernetes.io/part-of";

    /// <summary>Parent annotation naming the tool that manages the set.</summary>
    public const string Tooling = "applyset.kubernetes.io/tooling";

    /// <summary>Parent annotation: sorted "Kind.group" list of member kinds.</summary>
    public const string ContainsGroupKinds = "applyset.kubernetes.io/contains-group-kinds";

    /// <summary>Parent annotation: sorted namespaces of members other than the parent's own.</summary>
    public const string AdditionalNamespaces = "applyset.kubernetes.io/additional-namespaces";

    /// <summary>Our tooling value.</summary>
    public const string OurTooling = "gitops-functions/v1.0.0";

    /// <summary>Parent annotation: the commit the last completed sync applied.</summary>
    public const string LastSyncedCommit = "gitops-functions.io/last-synced-commit";

    /// <summary>Parent annotation: when the last completed sync finished (ISO 8601).</summary>
    public const string LastSyncedAt = "gitops-functions.io/last-synced-at";

    /// <summary>
    /// Parent annotation: the source that declares the app. App names are unique only within a source, so a sync of another
    /// source's same-named app must not take this set over (and prune it). Parents written before it existed have none.
    /// </summary>
    public const string Source = "gitops-functions.io/source";

    /// <summary>Parent label naming the app (for humans and selectors).</summary>
    public const string AppLabel = "gitops-functions.io/app";

    /// <summary>Secret data key holding the gzip-compressed JSON map of member key to desired-state hash.</summary>
    public const string DesiredHashesKey = "desired-hashes";
}
