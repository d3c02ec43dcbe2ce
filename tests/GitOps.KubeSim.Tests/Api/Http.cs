using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace GitOps.KubeSim.Tests.Api;

/// <summary>Small helpers for raw API calls in tests.</summary>
internal static class Http
{
    public static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpClient client, HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public static Task<(HttpStatusCode Status, JsonNode? Body)> ApplyAsync(HttpClient client, string path, string manager, string body, bool force = false, bool dryRun = false) =>
        SendAsync(client, HttpMethod.Patch, $"{path}?fieldManager={manager}{(force ? "&force=true" : "")}{(dryRun ? "&dryRun=All" : "")}", body, "application/apply-patch+yaml");

    public const string Deployment = """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default","labels":{"app":"web"}},
         "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},
         "spec":{"containers":[{"name":"main","image":"nginx:1.25","ports":[{"containerPort":80}],"env":[{"name":"A","value":"1"}]}]}}}}
        """;

    public const string DeploymentPath = "/apis/apps/v1/namespaces/default/deployments/web";
}
