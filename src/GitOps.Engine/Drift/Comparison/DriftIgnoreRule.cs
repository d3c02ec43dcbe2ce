namespace GitOps.Engine.Drift.Comparison;

/// <summary>
/// An app's rule for differences to ignore. Null selectors match everything. A JSON pointer
/// ("/spec/replicas", "/spec/template/spec/containers/0/image") ignores that field and everything
/// under it; a list item segment may be the item's index in the desired list, its key value
/// (e.g. the container name) or "*". Managers: differences whose live value is owned by one of
/// these field managers are ignored.
/// </summary>
public sealed record DriftIgnoreRule
{
    /// <summary>API group to match (empty string for the core group); null matches any.</summary>
    public string? Group { get; init; }

    /// <summary>Kind to match; null matches any.</summary>
    public string? Kind { get; init; }

    /// <summary>Namespace to match; null matches any.</summary>
    public string? Namespace { get; init; }

    /// <summary>Object name to match; null matches any.</summary>
    public string? Name { get; init; }

    /// <summary>JSON pointers of fields to ignore.</summary>
    public IReadOnlyList<string> JsonPointers { get; init; } = [];

    /// <summary>Field managers whose changes are ignored (e.g. "kube-controller-manager", an HPA, "vpa-recommender").</summary>
    public IReadOnlyList<string> Managers { get; init; } = [];

    /// <summary>True when the rule selects the object.</summary>
    public bool Matches(string group, string kind, string? ns, string name) =>
        (Group is null || Group == group)
        && (Kind is null || Kind == kind)
        && (Namespace is null || Namespace == (ns ?? ""))
        && (Name is null || Name == name);
}
