namespace GitOps.KubeSim.Api;

/// <summary>One served resource: its group/version/kind, REST name and behaviour flags.</summary>
public sealed record ResourceType
{
    /// <summary>API group, empty for the core group.</summary>
    public required string Group { get; init; }

    /// <summary>API version within the group.</summary>
    public required string Version { get; init; }

    /// <summary>The kind stored under this resource.</summary>
    public required string Kind { get; init; }

    /// <summary>Plural REST name, e.g. deployments.</summary>
    public required string Plural { get; init; }

    /// <summary>Lower-case singular name.</summary>
    public required string Singular { get; init; }

    /// <summary>True when objects live in namespaces.</summary>
    public required bool Namespaced { get; init; }

    /// <summary>Short names kubectl accepts.</summary>
    public IReadOnlyList<string> ShortNames { get; init; } = [];

    /// <summary>Categories such as "all".</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>True when a /status subresource keeps status apart from the main resource.</summary>
    public bool HasStatus { get; init; }

    /// <summary>True when a /scale subresource is served.</summary>
    public bool HasScale { get; init; }

    /// <summary>True when metadata.generation tracks changes outside metadata and status.</summary>
    public bool HasGeneration { get; init; }

    /// <summary>True for kinds registered by a CustomResourceDefinition.</summary>
    public bool IsCustom { get; init; }

    /// <summary>"group/version", or "version" for the core group.</summary>
    public string GroupVersion => Group.Length == 0 ? Version : Group + "/" + Version;

    /// <summary>Key of the storage shared by every version of this resource.</summary>
    public string GroupResource => Group.Length == 0 ? Plural : Plural + "." + Group;

    /// <summary>The name Status errors use for this resource (plural.group).</summary>
    public string QualifiedResource => GroupResource;

    /// <summary>Standard verbs of a resource.</summary>
    public static IReadOnlyList<string> AllVerbs { get; } = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
}
