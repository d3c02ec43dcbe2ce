using System.Net;
using System.Text;
using System.Text.Json;
using GitOps.Testing;
using GitOps.Testing.Webhooks;

namespace GitOps.EndToEnd.Tests.Support;

/// <summary>What the end-to-end tests do through `gitops serve`'s HTTP API: GitLab pushes to group/shop, and job records.</summary>
public static class ServeApi
{
    /// <summary>A GitLab push of refs/heads/main (token-authenticated) modifying <paramref name="paths"/>; asserts 202 and returns the answer.</summary>
    public static async Task<JsonElement> GitLabPushAsync(HttpClient http, string token, string before, string after, params string[] paths)
    {
        ArgumentNullException.ThrowIfNull(http);
        var body = ProviderPayloads.GitLabPush("group/shop", "refs/heads/main", before, after, [new(Modified: paths)]);
        using var request = new HttpRequestMessage(HttpMethod.Post, "webhooks/gitlab") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Gitlab-Event", "Push Hook");
        request.Headers.Add("X-Gitlab-Token", token);
        request.Headers.Add("X-Gitlab-Event-UUID", Guid.NewGuid().ToString());
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>GET /api/jobs/{id}, or null while it is not found.</summary>
    public static async Task<JsonElement?> JobAsync(HttpClient http, string id)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var response = await http.GetAsync($"jobs/{id}");
        return response.IsSuccessStatusCode ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone() : null;
    }

    /// <summary>Waits for every job a webhook answer names to finish, and asserts each Succeeded.</summary>
    public static async Task AllSucceededAsync(HttpClient http, JsonElement answer)
    {
        foreach (var id in answer.GetProperty("jobs").EnumerateArray().Select(j => j.GetString()!))
        {
            var state = await Eventually.ValueAsync(
                async () => await JobAsync(http, id) is { } r && r.GetProperty("state").GetString() is "Succeeded" or "Failed" or "Poisoned" ? r.GetProperty("state").GetString() + " " + r.ToString() : null,
                $"job {id} to finish", TimeSpan.FromMinutes(3));
            Assert.StartsWith("Succeeded", state, StringComparison.Ordinal);
        }
    }
}
