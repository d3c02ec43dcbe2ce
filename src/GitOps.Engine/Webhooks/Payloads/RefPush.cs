namespace GitOps.Engine.Webhooks.Payloads;

/// <summary>One ref update from a push, normalised across providers.</summary>
public sealed record RefPush
{
    /// <summary>The repository as the host names it (full name or path with namespace); only used to select a configured source.</summary>
    public required string Repository { get; init; }

    /// <summary>The full ref, for example refs/heads/main or refs/tags/v1.</summary>
    public required string Ref { get; init; }

    public string? Before { get; init; }

    /// <summary>The pushed commit (null or all zeros when the ref was deleted).</summary>
    public string? After { get; init; }

    public bool Created { get; init; }
    public bool Deleted { get; init; }
    public bool Forced { get; init; }

    /// <summary>Paths touched by the push, or null when the payload cannot tell (see <see cref="IncompleteReason"/>).</summary>
    public IReadOnlyCollection<string>? ChangedPaths { get; init; }

    /// <summary>Why <see cref="ChangedPaths"/> is unknown (truncated commit list, forced push, new branch, ...).</summary>
    public string? IncompleteReason { get; init; }

    /// <summary>The branch name when <see cref="Ref"/> is refs/heads/..., else null.</summary>
    public string? Branch => Ref.StartsWith("refs/heads/", StringComparison.Ordinal) ? Ref["refs/heads/".Length..] : null;

    /// <summary>True for refs/tags/...</summary>
    public bool IsTag => Ref.StartsWith("refs/tags/", StringComparison.Ordinal);
}
