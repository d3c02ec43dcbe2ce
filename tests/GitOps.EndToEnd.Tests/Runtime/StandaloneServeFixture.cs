using GitOps.EndToEnd.Tests.Support;
using GitOps.Engine.Jobs;
using Azure.Storage.Queues;
using GitOps.Testing.Azurite;

namespace GitOps.EndToEnd.Tests.Runtime;

/// <summary>One Azurite and one `gitops serve --standalone` process for a test class, with short leases and fast polling.</summary>
public sealed class StandaloneServeFixture : IAsyncLifetime
{
    private AzuriteInstance? azurite;
    private ServeProcess? serve;
    private TestStorage? storage;

    public ServeProcess Serve => serve ?? throw new InvalidOperationException("not started");

    public QueueClient SyncQueue => storage!.Queue("gitops-sync");

    public QueueClient PoisonQueue => storage!.Queue("gitops-sync-poison");

    public IJobStore Jobs => storage!.Jobs;

    public async Task InitializeAsync()
    {
        azurite = await AzuriteInstance.StartAsync();
        storage = new TestStorage(azurite.ConnectionString);
        await SyncQueue.CreateIfNotExistsAsync();
        await PoisonQueue.CreateIfNotExistsAsync();
        serve = ServeProcess.Start(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["GitOps__Testing__Handler"] = "script",
            ["GitOps__Runtime__MessageLease"] = "00:00:02",
            ["GitOps__DriftSchedule"] = "0 0 0 1 1 *",
            ["AzureFunctionsJobHost__extensions__queues__visibilityTimeout"] = "00:00:00",
            ["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:00.200",
        });
        await serve.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        if (serve is not null)
        {
            await serve.DisposeAsync();
        }

        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }
    }
}
