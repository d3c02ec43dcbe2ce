using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace GitOps.Testing.Webhooks;

/// <summary>Push payloads in the documented shapes of GitLab, Gitea/Forgejo, Bitbucket Cloud and GitHub (docs/architecture.md, platform facts), plus their signatures.</summary>
public static class ProviderPayloads
{
    /// <summary>An all-zero commit id (ref created or deleted).</summary>
    public const string ZeroSha = "0000000000000000000000000000000000000000";

    /// <summary>One commit's changed paths.</summary>
    public sealed record Commit(string[]? Added = null, string[]? Modified = null, string[]? Removed = null);

    /// <summary>A GitLab push (or tag push with <paramref name="objectKind"/> tag_push); <paramref name="totalCommits"/> defaults to the commits listed.</summary>
    public static string GitLabPush(string project, string reference, string before, string after, IReadOnlyList<Commit> commits, int? totalCommits = null, string objectKind = "push")
        => new JsonObject
        {
            ["object_kind"] = objectKind, ["event_name"] = objectKind,
            ["before"] = before, ["after"] = after, ["ref"] = reference, ["ref_protected"] = true, ["checkout_sha"] = after,
            ["user_id"] = 4, ["user_name"] = "John Smith", ["user_username"] = "jsmith", ["project_id"] = 15,
            ["project"] = new JsonObject
            {
                ["id"] = 15, ["name"] = project.Split('/')[^1], ["path_with_namespace"] = project, ["default_branch"] = "main",
                ["git_http_url"] = $"https://gitlab.example.com/{project}.git", ["git_ssh_url"] = $"git@gitlab.example.com:{project}.git",
                ["web_url"] = $"https://gitlab.example.com/{project}",
            },
            ["commits"] = Commits(commits),
            ["total_commits_count"] = totalCommits ?? commits.Count,
            ["repository"] = new JsonObject { ["name"] = project.Split('/')[^1], ["homepage"] = $"https://gitlab.example.com/{project}" },
        }.ToJsonString();

    /// <summary>A Gitea/Forgejo push (GitHub-like, with total_commits).</summary>
    public static string GiteaPush(string fullName, string reference, string before, string after, IReadOnlyList<Commit> commits, int? totalCommits = null)
        => new JsonObject
        {
            ["ref"] = reference, ["before"] = before, ["after"] = after,
            ["compare_url"] = $"https://gitea.example.com/{fullName}/compare/{before}...{after}",
            ["commits"] = Commits(commits), ["total_commits"] = totalCommits ?? commits.Count,
            ["repository"] = new JsonObject
            {
                ["id"] = 1, ["name"] = fullName.Split('/')[^1], ["full_name"] = fullName, ["default_branch"] = "main",
                ["clone_url"] = $"https://gitea.example.com/{fullName}.git",
            },
            ["pusher"] = new JsonObject { ["login"] = "gitea" },
        }.ToJsonString();

    /// <summary>A GitHub push in the shape of the examples, with chosen ref, commits and flags.</summary>
    public static string GitHubPush(string fullName, string reference, string before, string after, IReadOnlyList<Commit> commits, bool forced = false)
        => new JsonObject
        {
            ["ref"] = reference, ["before"] = before, ["after"] = after,
            ["created"] = before == ZeroSha, ["deleted"] = after == ZeroSha, ["forced"] = forced, ["base_ref"] = null,
            ["repository"] = new JsonObject { ["name"] = fullName.Split('/')[^1], ["full_name"] = fullName, ["default_branch"] = "main" },
            ["commits"] = Commits(commits),
        }.ToJsonString();

    /// <summary>One Bitbucket change: <paramref name="oldHash"/> null means created, <paramref name="newHash"/> null means deleted.</summary>
    public sealed record BitbucketRef(string Type, string Name, string? OldHash, string? NewHash, bool Truncated = false, bool Forced = false);

    /// <summary>A Bitbucket Cloud repo:push with push.changes[].</summary>
    public static string BitbucketPush(string fullName, params BitbucketRef[] changes)
        => new JsonObject
        {
            ["actor"] = new JsonObject { ["display_name"] = "Someone" },
            ["repository"] = new JsonObject { ["type"] = "repository", ["full_name"] = fullName, ["name"] = fullName.Split('/')[^1], ["uuid"] = "{00000000-0000-0000-0000-000000000001}" },
            ["push"] = new JsonObject
            {
                ["changes"] = new JsonArray(changes.Select(c => (JsonNode)new JsonObject
                {
                    ["new"] = c.NewHash is null ? null : RefState(c.Type, c.Name, c.NewHash),
                    ["old"] = c.OldHash is null ? null : RefState(c.Type, c.Name, c.OldHash),
                    ["created"] = c.OldHash is null, ["closed"] = c.NewHash is null, ["forced"] = c.Forced, ["truncated"] = c.Truncated,
                    ["commits"] = new JsonArray(new JsonObject { ["hash"] = c.NewHash ?? c.OldHash, ["type"] = "commit" }),
                }).ToArray()),
            },
        }.ToJsonString();

    /// <summary>Lower-case hex HMAC-SHA256 of <paramref name="body"/> (Gitea/Forgejo signature; prefix "sha256=" for Bitbucket).</summary>
    public static string HexHmac(string secret, byte[] body) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static JsonObject RefState(string type, string name, string hash)
        => new() { ["type"] = type, ["name"] = name, ["target"] = new JsonObject { ["type"] = "commit", ["hash"] = hash } };

    private static JsonArray Commits(IReadOnlyList<Commit> commits)
        => new(commits.Select((c, i) => (JsonNode)new JsonObject
        {
            ["id"] = $"{i + 1:x40}", ["message"] = $"commit {i + 1}", ["timestamp"] = "2026-11-22T10:00:00Z",
            ["added"] = Strings(c.Added), ["modified"] = Strings(c.Modified), ["removed"] = Strings(c.Removed),
        }).ToArray());

    private static JsonArray Strings(string[]? values) => new((values ?? []).Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
}
