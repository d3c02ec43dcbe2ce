using Azure.Data.Tables;
using GitOps.Engine.Jobs;
using GitOps.Storage.Jobs;
using GitOps.Testing.Azurite;

namespace GitOps.Storage.Tests.Jobs;

public sealed class JobPortsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 1, 0, 0, TimeSpan.Zero);

    private StorageAccount Account => StorageAccount.FromConnectionString(azurite.ConnectionString);

    private static SyncJob Job(string id, string app = "web") => new()
    {
        SchemaVersion = SyncJob.CurrentSchemaVersion,
        JobId = id,
        Source = "main",
        App = app,
        Reason = SyncReason.Push,
        RequestedAt = T0,
        CommitHint = "abc123",
    };

    private static JobRecord Record(string id, string app, int minutes, JobState state = JobState.Queued) => new()
    {
        JobId = id,
        Source = "main",
        App = app,
        Reason = SyncReason.Drift,
        State = state,
        QueuedAt = T0.AddMinutes(minutes),
    };

    [Fact]
    public async Task Enqueue_MissingQueue_CreatesItAndMessageDecodesToSameJob()
    {
        var name = "jobs-" + Guid.NewGuid().ToString("N")[..12];
        var jobs = new QueueJobQueue(Account.Queues, name);
        var job = Job("job-1");

        await jobs.EnqueueAsync(job);

        var message = Assert.Single((await Account.Queues.GetQueueClient(name).ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1))).Value);
        var decoded = SyncJobCodec.Deserialize(message.MessageText);
        Assert.Equal(job.JobId, decoded.JobId);
        Assert.Equal(job.CommitHint, decoded.CommitHint);
        Assert.Equal(job.RequestedAt, decoded.RequestedAt);
    }

    [Fact]
    public async Task Enqueue_WithDelay_MessageIsInvisible()
    {
        var jobs = new QueueJobQueue(Account.Queues, "delayed-" + Guid.NewGuid().ToString("N")[..12]);
        await jobs.EnsureCreatedAsync();

        await jobs.EnqueueAsync(Job("later"), TimeSpan.FromMinutes(5));

        var queue = Account.Queues.GetQueueClient(jobs.QueueName);
        Assert.Empty((await queue.PeekMessagesAsync(1)).Value);
        Assert.Equal(1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task Upsert_ThenGet_RoundTripsEveryField()
    {
        var store = await NewStoreAsync();
        var record = Record("job/with#odd?chars", "web", 1, JobState.Failed) with
        {
            Attempts = 3,
            DeliveryId = "d-1",
            Commit = "0123456789abcdef",
            StartedAt = T0.AddMinutes(2),
            FinishedAt = T0.AddMinutes(3),
            Error = "apply failed: <Deployment web> 'quoted'",
            Summary = "0 created",
        };

        await store.UpsertAsync(record);
        var read = await store.GetAsync(record.JobId);

        Assert.Equal(record, read);
        Assert.Null(await store.GetAsync("missing"));
    }

    [Fact]
    public async Task Upsert_SameJobTwice_ReplacesAndClearsDroppedFields()
    {
        var store = await NewStoreAsync();
        await store.UpsertAsync(Record("j", "web", 1, JobState.Failed) with { Error = "boom" });

        await store.UpsertAsync(Record("j", "web", 1, JobState.Succeeded) with { Attempts = 2 });

        var read = await store.GetAsync("j");
        Assert.Equal(JobState.Succeeded, read!.State);
        Assert.Null(read.Error);
        var recent = Assert.Single(await store.ListRecentAsync(10));
        Assert.Equal(JobState.Succeeded, recent.State);
    }

    [Fact]
    public async Task ListRecent_ReturnsNewestFirst_LimitedAndPerApp()
    {
        var store = await NewStoreAsync();
        // Written out of order on purpose: the order must come from QueuedAt, not insertion.
        foreach (var (id, app, minutes) in new[] { ("a", "web", 5), ("b", "api", 1), ("c", "web", 9), ("d", "api", 7), ("e", "web", 3) })
        {
            await store.UpsertAsync(Record(id, app, minutes));
        }

        var top3 = await store.ListRecentAsync(3);
        var web = await store.ListRecentAsync(10, "web");
        var none = await store.ListRecentAsync(10, "other");

        Assert.Equal(["c", "d", "a"], top3.Select(r => r.JobId));
        Assert.Equal(["c", "a", "e"], web.Select(r => r.JobId));
        Assert.Empty(none);
    }

    [Fact]
    public async Task Create_NewJobThenAgainAfterTheWorkerWroteRunning_OnlyTheFirstCreates()
    {
        var store = await NewStoreAsync();
        var queued = Record("j", "web", 1);

        var first = await store.CreateAsync(queued);
        await store.UpsertAsync(queued with { State = JobState.Running, StartedAt = T0.AddMinutes(2) });
        var second = await store.CreateAsync(queued);

        Assert.True(first);
        Assert.False(second);
        Assert.Equal(JobState.Running, (await store.GetAsync("j"))!.State);
        Assert.Equal(JobState.Running, Assert.Single(await store.ListRecentAsync(10)).State);
        Assert.Equal(JobState.Running, Assert.Single(await store.ListRecentAsync(10, "web")).State);
    }

    [Fact]
    public async Task Create_WritesOnlyThePrimaryRow_TheWorkersUpsertAddsTheListings()
    {
        var store = await NewStoreAsync();
        var queued = Record("j", "web", 1);

        await store.CreateAsync(queued);
        var readWhileQueued = await store.GetAsync("j");
        var listedWhileQueued = await store.ListRecentAsync(10);
        await store.UpsertAsync(queued with { State = JobState.Running });

        Assert.Equal(JobState.Queued, readWhileQueued!.State);
        Assert.Empty(listedWhileQueued);
        Assert.Equal(JobState.Running, Assert.Single(await store.ListRecentAsync(10, "web")).State);
    }

    [Fact]
    public async Task ListRecent_AppNamesThatArePrefixesOfEachOther_StayApart()
    {
        var store = await NewStoreAsync();
        foreach (var (id, app) in new[] { ("1", "web"), ("2", "web-api"), ("3", "we"), ("4", "web|x"), ("5", "web") })
        {
            await store.UpsertAsync(Record(id, app, int.Parse(id, System.Globalization.CultureInfo.InvariantCulture)));
        }

        Assert.Equal(["5", "1"], (await store.ListRecentAsync(10, "web")).Select(r => r.JobId));
        Assert.Equal(["2"], (await store.ListRecentAsync(10, "web-api")).Select(r => r.JobId));
        Assert.Equal(["3"], (await store.ListRecentAsync(10, "we")).Select(r => r.JobId));
        Assert.Equal(["4"], (await store.ListRecentAsync(10, "web|x")).Select(r => r.JobId));
        Assert.Equal(5, (await store.ListRecentAsync(10)).Count);
    }

    [Fact]
    public async Task Upsert_ManyJobs_EachRowIsAPointWriteInAPartitionOfItsOwn()
    {
        var table = Account.Tables.GetTableClient("Jobs" + Guid.NewGuid().ToString("N")[..12]);
        var store = new TableJobStore(table);
        await store.EnsureCreatedAsync();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => store.UpsertAsync(Record($"j{i}", i % 2 == 0 ? "web" : "api", i))));

        var partitions = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            partitions.Add(row.PartitionKey);
        }

        // 20 jobs × 3 rows, no partition shared: writes never contend and their cost does not grow with the history.
        Assert.Equal(60, partitions.Count);
        Assert.Equal(60, partitions.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Enumerable.Range(0, 20).Reverse().Select(i => $"j{i}"), (await store.ListRecentAsync(100)).Select(r => r.JobId));
    }

    private async Task<TableJobStore> NewStoreAsync()
    {
        var store = new TableJobStore(Account.Tables, "Jobs" + Guid.NewGuid().ToString("N")[..12]);
        await store.EnsureCreatedAsync();
        return store;
    }
}
