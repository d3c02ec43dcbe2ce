using System.Text;
using GitOps.Engine.Apps;
using GitOps.Engine.Configuration;
using GitOps.Engine.Webhooks.Receiving;
using GitOps.Testing.Webhooks;

namespace GitOps.Engine.Tests.Webhooks;

/// <summary>A receiver over in-memory ports with a fixed clock.</summary>
internal sealed class ReceiverHarness
{
    public static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    public ReceiverHarness(GitOpsOptions options, params AppDefinition[] apps)
    {
        Catalog = new FixtureAppCatalog(apps);
        Receiver = new WebhookReceiver(options, new WebhookOptions { MaxBodyBytes = 1024 * 1024 }, Catalog, Queue, Store, Deliveries, new FixedTime(Now));
    }

    public FixtureAppCatalog Catalog { get; }
    public InMemoryJobQueue Queue { get; } = new();
    public InMemoryJobStore Store { get; } = new();
    public InMemoryDeliveryLog Deliveries { get; } = new();
    public WebhookReceiver Receiver { get; }

    public Task<WebhookResult> SendAsync(string provider, string body, string contentType = "application/json", params (string Name, string Value)[] headers)
        => SendAsync(provider, Encoding.UTF8.GetBytes(body), contentType, headers);

    public Task<WebhookResult> SendAsync(string provider, byte[] body, string contentType, params (string Name, string Value)[] headers)
        => Receiver.HandleAsync(new WebhookRequest(provider, headers.ToDictionary(h => h.Name, h => h.Value), body, contentType));

    public void AssertNothingHappened()
    {
        Assert.Empty(Queue.Jobs);
        Assert.Empty(Store.Records);
        Assert.Empty(Deliveries.Keys);
    }

    public static SourceOptions Source(string url, string branch, string provider, params string[] secrets)
        => new() { Url = url, Branch = branch, Provider = provider, WebhookSecrets = [.. secrets] };

    public static AppDefinition App(string name, string source, string path, params string[] watch)
        => new() { Name = name, Source = source, Path = path, Cluster = "local", WatchPaths = watch };

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
