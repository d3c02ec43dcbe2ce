using Azure.Core;
using Azure.Data.Tables;
using GitOps.Storage.Leases;
using GitOps.Storage.Tests.Support;
using GitOps.Testing;
using GitOps.Testing.Azurite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace GitOps.Storage.Tests.Leases;

public sealed class TableAppLeaseTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Acquire_Free_HeldUntilReleased_ThenFreeAgain()
    {
        var (lease, _) = await NewLeaseAsync(TimeProvider.System);

        var first = await lease.TryAcquireAsync("web", Long);
        var second = await lease.TryAcquireAsync("web", Long);
        var other = await lease.TryAcquireAsync("api", Long);
        await first!.DisposeAsync();
        var third = await lease.TryAcquireAsync("web", Long);

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.NotNull(other);
        Assert.NotNull(third);
        await other!.DisposeAsync();
        await third!.DisposeAsync();
    }

    [Fact]
    public async Task Acquire_InsertResponseLost_RetryFindsItsOwnRowAndHoldsTheLease()
    {
        var name = TestAccounts.TableName("Leases");
        var fault = new FaultPolicy(FaultPolicy.Request(RequestMethod.Post, "/" + name), FaultKind.LoseResponse, times: 1);
        var table = TestAccounts.For(azurite, fault).Tables.GetTableClient(name);
        await table.CreateIfNotExistsAsync();
        var lease = new TableAppLease(table, TimeProvider.System, new CapturingLogger<TableAppLease>());

        await using var held = await lease.TryAcquireAsync("web", Long);

        Assert.Equal(1, fault.Injected);
        Assert.NotNull(held);
        Assert.Null(await lease.TryAcquireAsync("web", Long));
    }

    [Fact]
    public async Task Acquire_TakeoverResponseLost_RetryFindsItsOwnRowAndHoldsTheLease()
    {
        var name = TestAccounts.TableName("Leases");
        var fault = new FaultPolicy(FaultPolicy.Request(RequestMethod.Put, "/" + name), FaultKind.LoseResponse, times: 1);
        var table = TestAccounts.For(azurite, fault).Tables.GetTableClient(name);
        await table.CreateIfNotExistsAsync();
        // An expired row of a holder that died: written long ago by the service's clock (duration 1 ms).
        await table.AddEntityAsync(TableAppLease.Row("web", "dead-holder", TimeSpan.FromMilliseconds(1)));
        var lease = new TableAppLease(table, TimeProvider.System, new CapturingLogger<TableAppLease>());

        await using var held = await Eventually.ValueAsync(() => lease.TryAcquireAsync("web", Long), "the expired lease to be taken over");

        Assert.Equal(1, fault.Injected);
        Assert.NotNull(held);
    }

    [Fact]
    public async Task Acquire_LocalClockAnHourAhead_DoesNotTakeOverALeaseTheServiceSaysIsHeld()
    {
        var (lease, table) = await NewLeaseAsync(TimeProvider.System);
        await using var held = await lease.TryAcquireAsync("web", Long);
        var skewed = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(1));
        var other = new TableAppLease(table, skewed, new CapturingLogger<TableAppLease>());

        var taken = await other.TryAcquireAsync("web", Long);

        Assert.NotNull(held);
        Assert.Null(taken);
    }

    [Fact]
    public async Task Acquire_LocalClockAnHourBehind_TakesOverALeaseTheServiceSaysHasExpired()
    {
        // The holder's clock never advances, so it never renews; its 1-second lease expires by the service's clock.
        var (lease, table) = await NewLeaseAsync(new FakeTimeProvider(DateTimeOffset.UtcNow));
        var dead = await lease.TryAcquireAsync("web", TimeSpan.FromSeconds(1));
        var behind = new TableAppLease(table, new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-1)), new CapturingLogger<TableAppLease>());

        await using var taken = await Eventually.ValueAsync(() => behind.TryAcquireAsync("web", Long), "the service to judge the lease expired", TimeSpan.FromSeconds(30));

        Assert.NotNull(dead);
        Assert.NotNull(taken);
    }

    [Fact]
    public async Task Held_RenewsItsRowEveryThirdOfTheDuration_AndStaysHeld()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var (lease, table) = await NewLeaseAsync(time);
        var held = (TableLeaseHandle)(await lease.TryAcquireAsync("web", TimeSpan.FromSeconds(30)))!;
        var before = (await table.GetEntityAsync<TableEntity>(TableAppLease.Partition, "web")).Value.ETag;

        time.Advance(held.RenewEvery);
        await Eventually.TrueAsync(() => Task.FromResult(held.Renewals == 1), "the first renewal");
        time.Advance(held.RenewEvery);
        await Eventually.TrueAsync(() => Task.FromResult(held.Renewals == 2), "the second renewal");

        var after = await table.GetEntityAsync<TableEntity>(TableAppLease.Partition, "web");
        Assert.NotEqual(before, after.Value.ETag);
        Assert.False(held.Lost.IsCancellationRequested);
        Assert.Null(await lease.TryAcquireAsync("web", TimeSpan.FromSeconds(30)));
        await held.DisposeAsync();
        Assert.False((await table.GetEntityIfExistsAsync<TableEntity>(TableAppLease.Partition, "web")).HasValue);
    }

    [Fact]
    public async Task Held_RowTakenOverByAnother_RenewalMarksTheLeaseLost()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var (lease, table) = await NewLeaseAsync(time);
        var held = (TableLeaseHandle)(await lease.TryAcquireAsync("web", TimeSpan.FromSeconds(30)))!;
        await table.UpsertEntityAsync(TableAppLease.Row("web", "someone-else", TimeSpan.FromSeconds(30)), TableUpdateMode.Replace);

        time.Advance(held.RenewEvery);
        await Eventually.TrueAsync(() => Task.FromResult(held.Lost.IsCancellationRequested), "the lease to be marked lost");
        await held.DisposeAsync();

        // A lost lease is not ours to delete.
        var row = await table.GetEntityAsync<TableEntity>(TableAppLease.Partition, "web");
        Assert.Equal("someone-else", row.Value.GetString(TableAppLease.OwnerColumn));
    }

    [Fact]
    public async Task Release_FirstDeleteFails_IsRetriedAndTheAppIsFreeAtOnce()
    {
        var name = TestAccounts.TableName("Leases");
        var fault = new FaultPolicy(FaultPolicy.Request(RequestMethod.Delete, "/" + name), FaultKind.FailBeforeSending, times: 1);
        var table = TestAccounts.For(azurite, fault, maxRetries: 0).Tables.GetTableClient(name);
        await table.CreateIfNotExistsAsync();
        var lease = new TableAppLease(table, TimeProvider.System, new CapturingLogger<TableAppLease>());

        var held = await lease.TryAcquireAsync("web", Long);
        await held!.DisposeAsync();

        Assert.Equal(1, fault.Injected);
        Assert.False((await table.GetEntityIfExistsAsync<TableEntity>(TableAppLease.Partition, "web")).HasValue);
    }

    [Fact]
    public async Task Release_EveryDeleteFails_GivesUpAndLogsAnError()
    {
        var name = TestAccounts.TableName("Leases");
        var fault = new FaultPolicy(FaultPolicy.Request(RequestMethod.Delete, "/" + name), FaultKind.FailBeforeSending, times: 100);
        var table = TestAccounts.For(azurite, fault, maxRetries: 0).Tables.GetTableClient(name);
        await table.CreateIfNotExistsAsync();
        var logger = new CapturingLogger<TableAppLease>();
        var lease = new TableAppLease(table, TimeProvider.System, logger);

        var held = await lease.TryAcquireAsync("web", Long);
        await held!.DisposeAsync();

        Assert.Equal(4, fault.Injected);
        var error = Assert.Single(logger.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains("web", error.Message, StringComparison.Ordinal);
    }

    private async Task<(TableAppLease Lease, TableClient Table)> NewLeaseAsync(TimeProvider time)
    {
        var table = TestAccounts.For(azurite).Tables.GetTableClient(TestAccounts.TableName("Leases"));
        await table.CreateIfNotExistsAsync();
        return (new TableAppLease(table, time, new CapturingLogger<TableAppLease>()), table);
    }
}
