using Azure.Data.Tables;
using GitOps.Engine.Jobs;
using GitOps.Storage.Jobs;
using GitOps.Storage.Tests.Support;
using GitOps.Testing.Azurite;

namespace GitOps.Storage.Tests.Jobs;

public sealed class JobRetentionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task DeleteQueuedBefore_RemovesAllRowsOfOldJobsOnly_InBoundedBatches()
    {
        var table = TestAccounts.For(azurite).Tables.GetTableClient(TestAccounts.TableName("Jobs"));
        var store = new TableJobStore(table);
        foreach (var days in new[] { 1, 3, 8, 9, 10, 30 })
        {
            await store.UpsertAsync(Record($"job-{days}", days % 2 == 0 ? "web" : "api/x", Now.AddDays(-days)));
        }

        var cutoff = Now.AddDays(-7);
        var first = await store.DeleteQueuedBeforeAsync(cutoff, 3);
        var second = await store.DeleteQueuedBeforeAsync(cutoff, 3);
        var third = await store.DeleteQueuedBeforeAsync(cutoff, 3);

        Assert.Equal([3, 1, 0], new[] { first, second, third });
        Assert.Equal(["job-1", "job-3"], (await store.ListRecentAsync(10)).Select(r => r.JobId));
        Assert.Null(await store.GetAsync("job-8"));
        Assert.NotNull(await store.GetAsync("job-3"));
        Assert.Empty(await store.ListRecentAsync(10, "web"));
        Assert.Equal(["job-1", "job-3"], (await store.ListRecentAsync(10, "api/x")).Select(r => r.JobId));
        // Two jobs left, three rows each: nothing of the deleted jobs remains.
        Assert.Equal(6, await table.QueryAsync<TableEntity>().CountAsync());
    }

    private static JobRecord Record(string id, string app, DateTimeOffset queuedAt) => new()
    {
        JobId = id,
        Source = "main",
        App = app,
        Reason = SyncReason.Push,
        State = JobState.Succeeded,
        QueuedAt = queuedAt,
    };
}
