using System.Text.Json.Serialization;

namespace GitOps.Engine.Webhooks.Payloads;

/// <summary>A GitLab push or tag push event (<c>object_kind</c> push / tag_push).</summary>
public sealed record GitLabPushEvent
{
    [JsonPropertyName("object_kind")] public string? ObjectKind { get; init; }
    [JsonPropertyName("ref")] public string? Ref { get; init; }
    [JsonPropertyName("before")] public string? Before { get; init; }
    [JsonPropertyName("after")] public string? After { get; init; }
    [JsonPropertyName("project")] public GitLabProject? Project { get; init; }
    /// <summary>At most 20 commits; <see cref="TotalCommitsCount"/> is exact.</summary>
    [JsonPropertyName("commits")] public IReadOnlyList<PushCommit>? Commits { get; init; }
    [JsonPropertyName("total_commits_count")] public int? TotalCommitsCount { get; init; }
}

/// <summary>The project block of a GitLab payload (identity only).</summary>
public sealed record GitLabProject
{
    [JsonPropertyName("path_with_namespace")] public string? PathWithNamespace { get; init; }
    [JsonPropertyName("default_branch")] public string? DefaultBranch { get; init; }
}
