namespace GitOps.Engine.Manifests;

/// <summary>Bounds applied while reading YAML, so hostile input fails fast instead of exhausting memory or CPU.</summary>
public sealed record YamlLimits
{
    /// <summary>Defaults sized for Kubernetes manifests (an object is at most ~1.5 MiB in etcd).</summary>
    public static YamlLimits Default { get; } = new();

    /// <summary>Largest input (one file or one tool's output) in bytes.</summary>
    public long MaxInputBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Largest single YAML document in bytes.</summary>
    public long MaxDocumentBytes { get; init; } = 3L * 1024 * 1024;

    /// <summary>Deepest nesting of mappings and sequences.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Most nodes (mappings, sequences, scalars) one document may produce, alias expansions included.</summary>
    public int MaxNodesPerDocument { get; init; } = 250_000;

    /// <summary>Most nodes that alias expansions may add to one document (the "billion laughs" bound).</summary>
    public int MaxAliasExpansionNodes { get; init; } = 10_000;

    /// <summary>Most documents in one input.</summary>
    public int MaxDocuments { get; init; } = 20_000;
}
