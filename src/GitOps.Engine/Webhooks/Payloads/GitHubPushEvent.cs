using System.Text.Json.Serialization;

namespace GitOps.Engine.Webhooks.Payloads;

/// <summary>A GitHub push event; Gitea and Forgejo send the same shape (with <c>total_commits</c> and without the flags).</summary>
public sealed record GitHubPushEvent
{
    [JsonPropertyName("ref")] public string? Ref { get; init; }
    [JsonPropertyName("before")] public string? Before { get; init; }
    [JsonPropertyName("after")] public string? After { get; init; }
    [JsonPropertyName("created")] public bool? Created { get; init; }
    [JsonPropertyName("deleted")] public bool? Deleted { get; init; }
    [JsonPropertyName("forced")] public bool? Forced { get; init; }
    [JsonPropertyName("repository")] public GitHubRepository? Repository { get; init; }
    [JsonPropertyName("commits")] public IReadOnlyList<PushCommit>? Commits { get; init; }
    /// <summary>Gitea/Forgejo only: the number of commits pushed, which may exceed the commits listed.</summary>
    [JsonPropertyName("total_commits")] public int? TotalCommits { get; init; }
}

/// <summary>The repository block of GitHub and Gitea payloads (identity only; URLs are never used).</summary>
public sealed record GitHubRepository
{
    [JsonPropertyName("full_name")] public string? FullName { get; init; }
    [JsonPropertyName("default_branch")] public string? DefaultBranch { get; init; }
}

/// <summary>One pushed commit with the paths it touched (GitHub, Gitea and GitLab share these names).</summary>
public sealed record PushCommit
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("added")] public IReadOnlyList<string>? Added { get; init; }
    [JsonPropertyName("modified")] public IReadOnlyList<string>? Modified { get; init; }
    [JsonPropertyName("removed")] public IReadOnlyList<string>? Removed { get; init; }
}
