using Azure.Core;
using Azure.Data.Tables;
using GitOps.Engine.Webhooks.Deliveries;
using GitOps.Storage.Tests.Support;
using GitOps.Storage.Webhooks;
using GitOps.Testing;
using GitOps.Testing.Azurite;

namespace GitOps.Storage.Tests.Webhooks;

public sealed class TableDeliveryLogTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(24);
    private static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Claim_ThenComplete_RedeliveryIsADuplicateWithTheJobs()
    {
        var log = await NewLogAsync();

        var claim = await log.TryClaimAsync("github:d1");
        var during = await log.TryClaimAsync("github:d1");
        await log.CompleteAsync(claim, ["j1", "j2"]);
        var after = await log.TryClaimAsync("github:d1");

        Assert.Equal(DeliveryClaimOutcome.Claimed, claim.Outcome);
        Assert.Equal(DeliveryClaimOutcome.InProgress, during.Outcome);
        Assert.Equal(DeliveryClaimOutcome.Duplicate, after.Outcome);
        Assert.Equal(["j1", "j2"], after.JobIds);
    }

    [Fact]
    public async Task Release_ThenRedelivery_ClaimsAgain()
    {
        var log = await NewLogAsync();
        var claim = await log.TryClaimAsync("github:d2");

        await log.ReleaseAsync(claim);
        var again = await log.TryClaimAsync("github:d2");

        Assert.Equal(DeliveryClaimOutcome.Claimed, again.Outcome);
        Assert.Empty(again.AlreadyQueued);
    }

    [Fact]
    public async Task RecordPartial_ThenRedelivery_ClaimsWithTheJobsAlreadyQueued()
    {
        var log = await NewLogAsync();
        var claim = await log.TryClaimAsync("github:d3");
        QueuedJob[] queued = [new("main", "web", "j1"), new("other source", "a b/c", "j2")];

        await log.RecordPartialAsync(claim, queued);
        var again = await log.TryClaimAsync("github:d3");
        await log.CompleteAsync(again, ["j1", "j2", "j3"]);
        var last = await log.TryClaimAsync("github:d3");

        Assert.Equal(DeliveryClaimOutcome.Claimed, again.Outcome);
        Assert.Equal(queued, again.AlreadyQueued);
        Assert.Equal(DeliveryClaimOutcome.Duplicate, last.Outcome);
        Assert.Equal(["j1", "j2", "j3"], last.JobIds);
    }

    [Fact]
    public async Task Claim_InsertResponseLost_RetryFindsItsOwnRowAndClaims()
    {
        var name = TestAccounts.TableName("Deliveries");
        var fault = new FaultPolicy(FaultPolicy.Request(RequestMethod.Post, "/" + name), FaultKind.LoseResponse, times: 1);
        var log = await NewLogAsync(name, fault);

        var claim = await log.TryClaimAsync("github:lost-insert");
        var redelivery = await log.TryClaimAsync("github:lost-insert");

        Assert.Equal(1, fault.Injected);
        Assert.Equal(DeliveryClaimOutcome.Claimed, claim.Outcome);
        Assert.Equal(DeliveryClaimOutcome.InProgress, redelivery.Outcome);
    }

    [Fact]
    public async Task Complete_MergeResponseLost_TheDeliveryIsStillDone()
    {
        var name = TestAccounts.TableName("Deliveries");
        var fault = new FaultPolicy(m => m.Request.Method != RequestMethod.Get && m.Request.Method != RequestMethod.Post
            && m.Request.Uri.Path.Contains("/" + name, StringComparison.Ordinal), FaultKind.LoseResponse, times: 1);
        var log = await NewLogAsync(name, fault);
        var claim = await log.TryClaimAsync("github:lost-merge");

        await log.CompleteAsync(claim, ["j1"]);
        var redelivery = await log.TryClaimAsync("github:lost-merge");

        Assert.Equal(1, fault.Injected);
        Assert.Equal(DeliveryClaimOutcome.Duplicate, redelivery.Outcome);
        Assert.Equal(["j1"], redelivery.JobIds);
    }

    [Fact]
    public async Task ConcurrentClaims_ExactlyOneWins()
    {
        var log = await NewLogAsync();

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => log.TryClaimAsync("github:race")));

        Assert.Single(claims, c => c.Outcome == DeliveryClaimOutcome.Claimed);
    }

    [Fact]
    public async Task StaleClaim_ExpiredByTheServiceClock_IsTakenOver_AndTheLateCompleteLeavesTheNewOwner()
    {
        var name = TestAccounts.TableName("Deliveries");
        var table = TestAccounts.For(azurite).Tables.GetTableClient(name);
        var slow = new TableDeliveryLog(table, Window, TimeSpan.FromSeconds(1));
        var stale = await slow.TryClaimAsync("github:stale");

        var taken = await Eventually.ValueAsync(
            async () => await slow.TryClaimAsync("github:stale") is { Outcome: DeliveryClaimOutcome.Claimed } c ? c : null,
            "the claim to expire by the service's clock", TimeSpan.FromSeconds(30));
        await slow.CompleteAsync(stale, ["late"]);
        await slow.CompleteAsync(taken, ["new"]);

        var row = await table.GetEntityAsync<TableEntity>(TableDeliveryLog.PartitionKeyOf("github:stale"), "delivery");
        Assert.Equal("new", row.Value.GetString("JobIds"));
    }

    [Fact]
    public async Task DeleteWrittenBefore_DeletesOnlyOlderRows_AtMostTheBatch()
    {
        var log = await NewLogAsync(out var table);
        foreach (var i in Enumerable.Range(0, 5))
        {
            await log.CompleteAsync(await log.TryClaimAsync($"github:old-{i}"), ["j"]);
        }

        var none = await log.DeleteWrittenBeforeAsync(DateTimeOffset.UtcNow.AddHours(-1), 10);
        var some = await log.DeleteWrittenBeforeAsync(DateTimeOffset.UtcNow.AddMinutes(5), 3);
        var rest = await log.DeleteWrittenBeforeAsync(DateTimeOffset.UtcNow.AddMinutes(5), 3);
        var left = await table.QueryAsync<TableEntity>().CountAsync();

        Assert.Equal(0, none);
        Assert.Equal(3, some);
        Assert.Equal(2, rest);
        Assert.Equal(0, left);
    }

    private Task<TableDeliveryLog> NewLogAsync() => NewLogAsync(out _);

    private Task<TableDeliveryLog> NewLogAsync(out TableClient table)
    {
        table = TestAccounts.For(azurite).Tables.GetTableClient(TestAccounts.TableName("Deliveries"));
        return Task.FromResult(new TableDeliveryLog(table, Window, ClaimTimeout));
    }

    private async Task<TableDeliveryLog> NewLogAsync(string name, FaultPolicy fault)
    {
        var table = TestAccounts.For(azurite, fault).Tables.GetTableClient(name);
        await table.CreateIfNotExistsAsync();
        return new TableDeliveryLog(table, Window, ClaimTimeout);
    }
}
