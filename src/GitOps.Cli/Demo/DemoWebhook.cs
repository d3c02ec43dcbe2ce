using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace GitOps.Cli.Demo;

/// <summary>Sends a GitHub-style push webhook, signed with X-Hub-Signature-256 as GitHub does, to the engine's route.</summary>
internal static class DemoWebhook
{
    /// <summary>Posts the push and returns the HTTP status and body.</summary>
    public static async Task<(int Status, string Body)> SendPushAsync(
        HttpClient http, Uri engine, string secret, string repository, string before, string after, IReadOnlyList<string> changed, CancellationToken cancellationToken)
    {
        var payload = new JsonObject
        {
            ["ref"] = "refs/heads/main",
            ["before"] = before,
            ["after"] = after,
            ["created"] = before.All(c => c == '0'),
            ["deleted"] = false,
            ["forced"] = false,
            ["repository"] = new JsonObject { ["full_name"] = repository, ["name"] = repository.Split('/')[^1], ["default_branch"] = "main" },
            ["commits"] = new JsonArray(new JsonObject
            {
                ["id"] = after, ["message"] = "demo", ["distinct"] = true,
                ["added"] = new JsonArray(), ["removed"] = new JsonArray(), ["modified"] = new JsonArray([.. changed.Select(p => (JsonNode)JsonValue.Create(p)!)]),
            }),
            ["head_commit"] = new JsonObject { ["id"] = after },
        };
        var body = Encoding.UTF8.GetBytes(payload.ToJsonString());
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(engine, "api/webhooks/github")) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.Add("X-Hub-Signature-256", signature);
        using var response = await http.SendAsync(request, cancellationToken);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }
}
