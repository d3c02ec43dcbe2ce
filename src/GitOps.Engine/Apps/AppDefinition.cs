namespace GitOps.Engine.Apps;

/// <summary>An app declared in a source's `.gitops/` folder: what to render from where, and where it goes.</summary>
public sealed record AppDefinition
{
    /// <summary>Unique name of the app within the host.</summary>
    public required string Name { get; init; }

    /// <summary>The configured source that declares the app.</summary>
    public required string Source { get; init; }

    /// <summary>Folder in the repository, relative, forward slashes, no leading "./" or trailing "/".</summary>
    public required string Path { get; init; }

    /// <summary>Target cluster name (from the host settings).</summary>
    public required string Cluster { get; init; }

    /// <summary>Default namespace for namespaced objects without one.</summary>
    public string? Namespace { get; init; }

    /// <summary>Extra repository paths whose changes also affect this app (for example shared bases).</summary>
    public IReadOnlyList<string> WatchPaths { get; init; } = [];

    /// <summary>How the folder is rendered.</summary>
    public RenderSpec Render { get; init; } = RenderSpec.Auto;

    /// <summary>Delete members of the app's ApplySet that left the desired set (default true).</summary>
    public bool Prune { get; init; } = true;

    /// <summary>Re-apply objects that drifted from Git (default true); see also <see cref="DriftMode"/>.</summary>
    public bool SelfHeal { get; init; } = true;

    /// <summary>What the drift sweep does with drift: heal it or only report it.</summary>
    public DriftMode DriftMode { get; init; } = DriftMode.Heal;

    /// <summary>Whether an empty render is a valid desired state (otherwise it fails and nothing is pruned).</summary>
    public bool AllowEmpty { get; init; }

    /// <summary>Differences to ignore when detecting drift.</summary>
    public IReadOnlyList<IgnoreRule> Ignore { get; init; } = [];

    /// <summary>Order among apps of the same source (lower first).</summary>
    public int SyncWave { get; init; }

    /// <summary>Apps (of the same source) that must be synced and healthy first.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>Sync behaviour switches.</summary>
    public SyncOptions SyncOptions { get; init; } = SyncOptions.Default;

    /// <summary>The definition file (relative to the repository root) that declared the app; empty when built in code.</summary>
    public string DefinedIn { get; init; } = "";
}

/// <summary>What the drift sweep does when live state differs from Git.</summary>
public enum DriftMode
{
    /// <summary>Re-apply drifted objects (when <see cref="AppDefinition.SelfHeal"/> is on).</summary>
    Heal,

    /// <summary>Only record and report drift.</summary>
    Detect,
}

/// <summary>Switches for how objects are applied.</summary>
public sealed record SyncOptions
{
    /// <summary>The defaults: no recreate.</summary>
    public static SyncOptions Default { get; } = new();

    /// <summary>Delete and re-create an object when apply fails on an immutable field.</summary>
    public bool RecreateOnImmutable { get; init; }
}

/// <summary>Selects objects (group/kind/namespace/name, empty matches all) and the parts of them drift detection ignores.</summary>
public sealed record IgnoreRule
{
    /// <summary>API group ("" is the core group); null matches any.</summary>
    public string? Group { get; init; }

    /// <summary>Kind; null matches any.</summary>
    public string? Kind { get; init; }

    /// <summary>Namespace; null matches any.</summary>
    public string? Namespace { get; init; }

    /// <summary>Object name; null matches any.</summary>
    public string? Name { get; init; }

    /// <summary>RFC 6901 JSON pointers of fields to ignore, with everything under them (for example "/spec/replicas"); a list item segment may be its index in the desired list, its key value (a container name) or "*".</summary>
    public IReadOnlyList<string> JsonPointers { get; init; } = [];

    /// <summary>Field managers whose fields are ignored (for example "kube-controller-manager" or an HPA).</summary>
    public IReadOnlyList<string> ManagedFieldsManagers { get; init; } = [];

    /// <summary>Whether the rule selects an object of this identity.</summary>
    public bool Matches(string group, string kind, string? @namespace, string name) =>
        (Group is null || string.Equals(Group, group, StringComparison.Ordinal))
        && (Kind is null || string.Equals(Kind, kind, StringComparison.Ordinal))
        && (Namespace is null || string.Equals(Namespace, @namespace ?? "", StringComparison.Ordinal))
        && (Name is null || string.Equals(Name, name, StringComparison.Ordinal));
}
