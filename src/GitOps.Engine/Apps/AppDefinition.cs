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

    /// <summary>Whether objects that leave Git are deleted (default true).</summary>
    public bool Prune { get; init; } = true;

    /// <summary>Whether an empty render may prune everything (default false: an empty render prunes nothing).</summary>
    public bool AllowEmpty { get; init; }

    /// <summary>App-wide sync options, e.g. "Recreate=true" to recreate objects whose immutable fields changed.</summary>
    public IReadOnlyList<string> SyncOptions { get; init; } = [];
}
