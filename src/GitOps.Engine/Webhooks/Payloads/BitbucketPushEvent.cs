using System.Text.Json.Serialization;

namespace GitOps.Engine.Webhooks.Payloads;

/// <summary>A Bitbucket Cloud <c>repo:push</c> event: one change per pushed ref, no file paths.</summary>
public sealed record BitbucketPushEvent
{
    [JsonPropertyName("push")] public BitbucketPush? Push { get; init; }
    [JsonPropertyName("repository")] public BitbucketRepository? Repository { get; init; }
}

/// <summary>The <c>push</c> block.</summary>
public sealed record BitbucketPush
{
    [JsonPropertyName("changes")] public IReadOnlyList<BitbucketChange>? Changes { get; init; }
}

/// <summary>One ref update: <c>old</c> is null on creation, <c>new</c> is null on deletion; commits are cut at 5 with <c>truncated</c>.</summary>
public sealed record BitbucketChange
{
    [JsonPropertyName("new")] public BitbucketRefState? New { get; init; }
    [JsonPropertyName("old")] public BitbucketRefState? Old { get; init; }
    [JsonPropertyName("created")] public bool? Created { get; init; }
    [JsonPropertyName("closed")] public bool? Closed { get; init; }
    [JsonPropertyName("forced")] public bool? Forced { get; init; }
    [JsonPropertyName("truncated")] public bool? Truncated { get; init; }
}

/// <summary>A ref before or after the push.</summary>
public sealed record BitbucketRefState
{
    /// <summary>branch, tag, named_branch or bookmark.</summary>
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("target")] public BitbucketTarget? Target { get; init; }
}

/// <summary>The commit a ref points at.</summary>
public sealed record BitbucketTarget
{
    [JsonPropertyName("hash")] public string? Hash { get; init; }
}

/// <summary>The repository block (identity only).</summary>
public sealed record BitbucketRepository
{
    [JsonPropertyName("full_name")] public string? FullName { get; init; }
}
