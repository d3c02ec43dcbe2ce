using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;

namespace GitOps.Engine.Webhooks.Payloads;

/// <summary>Turns a verified delivery's event name and JSON into a <see cref="ParsedWebhook"/>; throws <see cref="WebhookPayloadException"/> for bodies it cannot read.</summary>
public static class WebhookPayloadParser
{
    /// <summary>GitHub lists at most this many commits in a push payload.</summary>
    public const int GitHubCommitCap = 2048;

    /// <summary>Parses one delivery. <paramref name="json"/> is the JSON document (already taken out of a form body).</summary>
    public static ParsedWebhook Parse(WebhookProvider provider, string? eventName, ReadOnlySpan<byte> json)
    {
        if (string.IsNullOrEmpty(eventName))
        {
            throw new WebhookPayloadException($"The {EventHeader(provider)} header is missing.");
        }

        return provider switch
        {
            WebhookProvider.GitHub => eventName switch
            {
                "push" => new PushReceived([FromGitHub(Read(json, WebhookJsonContext.Default.GitHubPushEvent))]),
                "ping" => Ping(Read(json, WebhookJsonContext.Default.PingEvent)),
                _ => new EventIgnored($"event '{eventName}' is not handled"),
            },
            WebhookProvider.Gitea => eventName switch
            {
                "push" => new PushReceived([FromGitHub(Read(json, WebhookJsonContext.Default.GitHubPushEvent))]),
                _ => new EventIgnored($"event '{eventName}' is not handled"),
            },
            WebhookProvider.GitLab => eventName switch
            {
                "Push Hook" or "Tag Push Hook" or "System Hook" => FromGitLab(Read(json, WebhookJsonContext.Default.GitLabPushEvent)),
                _ => new EventIgnored($"event '{eventName}' is not handled"),
            },
            WebhookProvider.Bitbucket => eventName switch
            {
                "repo:push" => FromBitbucket(Read(json, WebhookJsonContext.Default.BitbucketPushEvent)),
                "diagnostics:ping" => new PingReceived(),
                _ => new EventIgnored($"event '{eventName}' is not handled"),
            },
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown webhook provider."),
        };
    }

    /// <summary>The header that names the event for a provider (used in messages).</summary>
    public static string EventHeader(WebhookProvider provider) => provider switch
    {
        WebhookProvider.GitHub => "X-GitHub-Event",
        WebhookProvider.GitLab => "X-Gitlab-Event",
        WebhookProvider.Gitea => "X-Gitea-Event",
        _ => "X-Event-Key",
    };

    private static T Read<T>(ReadOnlySpan<byte> json, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        if (!Utf8.IsValid(json))
        {
            throw new WebhookPayloadException("The body is not valid UTF-8.");
        }

        try
        {
            return JsonSerializer.Deserialize(json, typeInfo)
                ?? throw new WebhookPayloadException("The body is JSON null, not an object.");
        }
        catch (JsonException ex)
        {
            // JsonException messages name the position (and the depth limit), never payload content worth hiding.
            throw new WebhookPayloadException($"The body is not a valid {typeof(T).Name} JSON document: {ex.Message}", ex);
        }
    }

    private static PingReceived Ping(PingEvent ping)
    {
        _ = ping;
        return new PingReceived();
    }

    private static RefPush FromGitHub(GitHubPushEvent push)
    {
        var repository = Require(push.Repository?.FullName, "repository.full_name");
        var reference = Require(push.Ref, "ref");
        var created = push.Created ?? IsZero(push.Before);
        var deleted = push.Deleted ?? IsZero(push.After);
        var forced = push.Forced ?? false;
        var commits = push.Commits ?? [];

        string? incomplete = null;
        if (created)
        {
            incomplete = "the push created the branch";
        }
        else if (forced)
        {
            incomplete = "the push was forced";
        }
        else if (commits.Count >= GitHubCommitCap)
        {
            incomplete = $"the payload lists {commits.Count} commits, the most it ever lists";
        }
        else if (push.TotalCommits is { } total && total > commits.Count)
        {
            incomplete = $"the payload lists {commits.Count} of {total} commits";
        }
        else if (commits.Count == 0 && !deleted && !string.Equals(push.Before, push.After, StringComparison.OrdinalIgnoreCase))
        {
            incomplete = "the payload lists no commits";
        }

        return new RefPush
        {
            Repository = repository, Ref = reference, Before = push.Before, After = push.After,
            Created = created, Deleted = deleted, Forced = forced,
            ChangedPaths = incomplete is null ? Paths(commits) : null, IncompleteReason = incomplete,
        };
    }

    private static PushReceived FromGitLab(GitLabPushEvent push)
    {
        if (push.ObjectKind is not ("push" or "tag_push"))
        {
            throw new WebhookPayloadException($"The GitLab payload's object_kind '{push.ObjectKind}' is not push or tag_push.");
        }

        var repository = Require(push.Project?.PathWithNamespace, "project.path_with_namespace");
        var reference = Require(push.Ref, "ref");
        var created = IsZero(push.Before);
        var deleted = IsZero(push.After);
        var commits = push.Commits ?? [];

        string? incomplete = null;
        if (created)
        {
            incomplete = "the push created the branch";
        }
        else if (push.TotalCommitsCount is { } total && total > commits.Count)
        {
            // GitLab lists at most 20 commits; total_commits_count is exact.
            incomplete = $"the payload lists {commits.Count} of {total} commits";
        }
        else if (commits.Count == 0 && !deleted && !string.Equals(push.Before, push.After, StringComparison.OrdinalIgnoreCase))
        {
            incomplete = "the payload lists no commits";
        }

        return new PushReceived([new RefPush
        {
            Repository = repository, Ref = reference, Before = push.Before, After = push.After,
            Created = created, Deleted = deleted,
            ChangedPaths = incomplete is null ? Paths(commits) : null, IncompleteReason = incomplete,
        }]);
    }

    private static ParsedWebhook FromBitbucket(BitbucketPushEvent push)
    {
        var repository = Require(push.Repository?.FullName, "repository.full_name");
        var refs = new List<RefPush>();
        foreach (var change in push.Push?.Changes ?? [])
        {
            var state = change.New ?? change.Old;
            var reference = state?.Type switch
            {
                "branch" => "refs/heads/" + state.Name,
                "tag" => "refs/tags/" + state.Name,
                _ => null,
            };
            if (reference is null || string.IsNullOrEmpty(state?.Name))
            {
                continue;
            }

            refs.Add(new RefPush
            {
                Repository = repository, Ref = reference,
                Before = change.Old?.Target?.Hash, After = change.New?.Target?.Hash,
                Created = change.Created ?? change.Old is null,
                Deleted = change.Closed ?? change.New is null,
                Forced = change.Forced ?? false,
                ChangedPaths = null,
                IncompleteReason = change.Truncated == true
                    ? "the payload's commit list is truncated"
                    : "Bitbucket payloads list no changed paths",
            });
        }

        return refs.Count == 0 ? new EventIgnored("the push changed no branch or tag") : new PushReceived(refs);
    }

    private static HashSet<string> Paths(IReadOnlyList<PushCommit> commits)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var commit in commits)
        {
            paths.UnionWith(commit.Added ?? []);
            paths.UnionWith(commit.Modified ?? []);
            paths.UnionWith(commit.Removed ?? []);
        }

        return paths;
    }

    private static string Require(string? value, string field) => string.IsNullOrWhiteSpace(value)
        ? throw new WebhookPayloadException($"The payload has no '{field}'.")
        : value;

    private static bool IsZero(string? sha) => sha is not null && sha.Length > 0 && sha.AsSpan().Trim('0').IsEmpty;
}
