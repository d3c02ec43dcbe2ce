namespace GitOps.Engine.Inventory;

/// <summary>What an app's ApplySet parent Secret records: the set's identity, member kinds and namespaces, desired hashes and the last sync.</summary>
public sealed record ApplySetParent
{
    /// <summary>Parent Secret name (applyset-&lt;app&gt;).</summary>
    public required string Name { get; init; }

    /// <summary>Parent Secret namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>The tooling annotation found on the parent (ours when we created it).</summary>
    public string Tooling { get; init; } = ApplySetLabels.OurTooling;

    /// <summary>Member kinds as "Kind.group", sorted.</summary>
    public IReadOnlySet<string> GroupKinds { get; init; } = new SortedSet<string>(StringComparer.Ordinal);

    /// <summary>Member namespaces other than <see cref="Namespace"/>, sorted.</summary>
    public IReadOnlySet<string> AdditionalNamespaces { get; init; } = new SortedSet<string>(StringComparer.Ordinal);

    /// <summary>Member key (ObjectRef.Key) to the short hash of the desired state last applied.</summary>
    public IReadOnlyDictionary<string, string> Hashes { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The source that declares the app (null on parents written before sources were recorded).</summary>
    public string? Source { get; init; }

    public string? LastSyncedCommit { get; init; }
    public string? LastSyncedAt { get; init; }

    /// <summary>The ApplySet id label value.</summary>
    public string Id => ApplySetId.ForSecret(Name, Namespace);

    /// <summary>The parent name for an app.</summary>
    public static string NameFor(string app) => $"applyset-{app}";
}
