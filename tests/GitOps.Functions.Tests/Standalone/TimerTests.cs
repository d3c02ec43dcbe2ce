using GitOps.Functions.Tests.Support;
using GitOps.Functions.Timers;
using GitOps.Testing.Azurite;

namespace GitOps.Functions.Tests.Standalone;

/// <summary>Timer status, leases and the drift scheduler against real Azurite tables.</summary>
public sealed class TimerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private readonly TestStorage storage = new(azurite.ConnectionString);

    private TestStorage Storage => storage;

    [Fact]
    public async Task TryAcquire_LeaseHeldByAnotherInstance_FailsUntilItExpires()
    {
        var clock = new SettableTimeProvider(new DateTimeOffset(2026, 11, 22, 2, 0, 0, TimeSpan.Zero));
        var table = Storage.Table("GitOpsTimers");
        var store = new TimerStateStore(table, clock);
        await store.EnsureTableAsync(CancellationToken.None);
        var name = "timer-" + Guid.NewGuid().ToString("N");

        var first = await store.TryAcquireAsync(name, "instance-a", TimeSpan.FromMinutes(1), CancellationToken.None);
        var second = await store.TryAcquireAsync(name, "instance-b", TimeSpan.FromMinutes(1), CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(2));
        var afterExpiry = await store.TryAcquireAsync(name, "instance-b", TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.NotNull(afterExpiry);
        Assert.False(await store.RenewAsync(first, TimeSpan.FromMinutes(1), CancellationToken.None));
    }

    [Fact]
    public async Task CompleteAsync_WritesStatusAndFreesTheLease()
    {
        var clock = new SettableTimeProvider(new DateTimeOffset(2026, 11, 22, 2, 0, 0, TimeSpan.Zero));
        var store = new TimerStateStore(Storage.Table("GitOpsTimers"), clock);
        await store.EnsureTableAsync(CancellationToken.None);
        var name = "timer-" + Guid.NewGuid().ToString("N");
        var last = new DateTimeOffset(2026, 11, 22, 1, 55, 0, TimeSpan.Zero);
        var next = new DateTimeOffset(2026, 11, 22, 2, 0, 0, TimeSpan.Zero);

        var lease = await store.TryAcquireAsync(name, "instance-a", TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.True(await store.CompleteAsync(lease!, new TimerStatus(last, next, clock.GetUtcNow()), CancellationToken.None));
        var other = await store.TryAcquireAsync(name, "instance-b", TimeSpan.FromMinutes(1), CancellationToken.None);
        var status = await store.GetStatusAsync(name, CancellationToken.None);

        Assert.NotNull(other);
        Assert.Equal(last, status!.Last);
        Assert.Equal(next, status.Next);
    }

    [Fact]
    public async Task Scheduler_MissedOccurrenceAtStartup_FiresOncePastDue()
    {
        var table = Storage.Table("GitOpsTimers");
        var store = new TimerStateStore(table, TimeProvider.System);
        await store.EnsureTableAsync(CancellationToken.None);
        await table.DeleteEntityAsync("timers", "drift");
        await store.WriteNextAsync("drift", DateTimeOffset.UtcNow.AddHours(-1), CancellationToken.None);
        var sweeper = new RecordingDriftSweeper();

        await using var host = await StandaloneHost.StartAsync(azurite.ConnectionString, storage.Jobs, new DelegateSyncJobHandler(), sweeper);

        await Eventually.TrueAsync(() => Task.FromResult(sweeper.Calls.Count > 0), "the past-due sweep");
        Assert.True(sweeper.Calls[0]);
    }

    [Fact]
    public async Task Scheduler_TwoInstancesOnAnEverySecondSchedule_NeverRunTheTimerAtOnce()
    {
        var sweeper = new OverlapDetectingSweeper();
        var settings = new Dictionary<string, string?> { ["GitOps:DriftSchedule"] = "* * * * * *", ["GitOps:Runtime:TimerLease"] = "00:00:05" };

        await using var a = await StandaloneHost.StartAsync(azurite.ConnectionString, storage.Jobs, new DelegateSyncJobHandler(), sweeper, settings);
        await using var b = await StandaloneHost.StartAsync(azurite.ConnectionString, storage.Jobs, new DelegateSyncJobHandler(), sweeper, settings);
        await Eventually.TrueAsync(() => Task.FromResult(sweeper.Runs >= 4), "four sweeps");

        Assert.Equal(1, sweeper.MaxConcurrent);
    }
}
