using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using GitOps.Testing.Git;
using Xunit;

namespace GitOps.Testing.Webhooks;

/// <summary>Sends GitHub's signed push webhook for a repository's head commit to a running engine, as GitHub would.</summary>
public static class GitHubPushSender
{
    /// <summary>
    /// Posts the push of <paramref name="repo"/>'s head (the files its last commit changed) to /api/webhooks/github of
    /// <paramref name="engine"/>, signed with <paramref name="secret"/>; asserts 202 and returns the queued job ids.
    /// </summary>
    public static async Task<IReadOnlyList<string>> PushHeadAsync(Uri engine, GitRepoBuilder repo, string repository, string secret, string before = ProviderPayloads.ZeroSha)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var after = repo.Head();
        var changed = GitCli.Run(repo.Directory, "show", "--name-only", "--format=", "HEAD").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var payload = new JsonObject
        {
            ["ref"] = "refs/heads/main", ["before"] = before, ["after"] = after, ["created"] = false, ["deleted"] = false, ["forced"] = false,
            ["repository"] = new JsonObject { ["full_name"] = repository, ["name"] = repository.Split('/')[^1], ["default_branch"] = "main" },
            ["commits"] = new JsonArray(new JsonObject { ["id"] = after, ["message"] = "push", ["distinct"] = true, ["added"] = new JsonArray(), ["removed"] = new JsonArray(), ["modified"] = new JsonArray([.. changed.Select(p => (JsonNode)JsonValue.Create(p))]) }),
            ["head_commit"] = new JsonObject { ["id"] = after },
        };
        var body = Encoding.UTF8.GetBytes(payload.ToJsonString());
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(engine, "api/webhooks/github")) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + ProviderPayloads.HexHmac(secret, body));
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"webhook answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)?["jobs"]?.AsArray().Select(j => j!.GetValue<string>()).ToList() ?? [];
    }
}
