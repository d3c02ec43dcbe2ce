using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GitOps.Engine.Apps;
using GitOps.Engine.Configuration;
using GitOps.Engine.Jobs;
using GitOps.Engine.Webhooks.Deliveries;
using GitOps.Storage.Webhooks;
using GitOps.Testing.Azurite;
using GitOps.Testing.Webhooks;

namespace GitOps.Functions.Tests.Webhooks;

/// <summary>The webhook route and the delivery log on a real Azurite shared by the class (the fault test owns its own instance).</summary>
public sealed class WebhookAzuriteTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Secret = "azurite-secret";

    private static readonly AppDefinition[] Apps =
    [
        new() { Name = "web", Source = "mono", Path = "apps/web", Cluster = "local" },
        new() { Name = "api", Source = "mono", Path = "apps/api", Cluster = "local" },
    ];

    private static GitOpsOptions Options() => new()
    {
        Sources = { ["mono"] = new SourceOptions { Url = "https://github.com/org/mono.git", Branch = "main", Provider = "github", WebhookSecrets = [Secret] } },
    };

    private static HttpRequestMessage Post(byte[] body, string delivery)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/github") { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        message.Headers.Add("X-GitHub-Event", "push");
        message.Headers.Add("X-GitHub-Delivery", delivery);
        message.Headers.Add("X-Hub-Signature-256", "sha256=" + ProviderPayloads.HexHmac(Secret, body));
        return message;
    }

    private static byte[] PushTouching(params string[] paths) => Encoding.UTF8.GetBytes(ProviderPayloads.GitHubPush(
        "org/mono", "refs/heads/main", new string('1', 40), new string('2', 40), [new(Modified: paths)]));

    [Fact]
    public async Task Post_SignedPush_JobOnTheQueue_RedeliveryAddsNothing()
    {
        var storage = await WebhookStorage.ForAsync(azurite.Instance);
        await using var host = await WebhookTestHost.StartAsync(Options(), new FixtureAppCatalog(Apps), queue: storage.JobQueue, deliveries: storage.DeliveryLog, kestrel: true);
        var delivery = Guid.NewGuid().ToString();

        using var first = await host.Client.SendAsync(Post(PushTouching("apps/web/a.yaml"), delivery));
        using var second = await host.Client.SendAsync(Post(PushTouching("apps/web/a.yaml"), delivery));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        var jobId = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("jobs")[0].GetString();
        var again = JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("duplicate", again.GetProperty("status").GetString());
        Assert.Equal(jobId, again.GetProperty("jobs")[0].GetString());

        var job = SyncJobCodec.Deserialize(Assert.Single((await storage.SyncQueue.PeekMessagesAsync(32)).Value).MessageText);
        Assert.Equal((jobId, "mono", "web", SyncReason.Push, delivery), (job.JobId, job.Source, job.App, job.Reason, job.DeliveryId));
    }

    [Fact]
    public async Task Post_AzuriteStoppedBeforeEnqueue_503NeverAccepted()
    {
        await using var own = await AzuriteInstance.StartAsync();
        var storage = await WebhookStorage.ForAsync(own);
        var catalog = new StoppingCatalog(own, Apps);
        await using var host = await WebhookTestHost.StartAsync(Options(), catalog, queue: storage.JobQueue, deliveries: storage.DeliveryLog, kestrel: true);

        using var response = await host.Client.SendAsync(Post(PushTouching("apps/web/a.yaml"), "fault-1"));

        Assert.True(catalog.Stopped);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("unavailable", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        Assert.Equal(1, host.Rejections("enqueue_failed"));
    }

    /// <summary>Stops Azurite when asked for the apps: after the delivery is claimed, before anything is enqueued.</summary>
    private sealed class StoppingCatalog(AzuriteInstance azurite, AppDefinition[] apps) : IAppCatalog
    {
        public bool Stopped { get; private set; }

        public async Task<SourceApps> GetAppsAsync(string source, string? commit = null, CancellationToken cancellationToken = default)
        {
            await azurite.StopAsync();
            Stopped = true;
            return SourceApps.Of(apps);
        }
    }
}
