using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using GitOps.Cli.Serve;
using GitOps.Engine.Drift;
using GitOps.Testing;
using GitOps.Testing.Azurite;
using Microsoft.Extensions.DependencyInjection;
using NCrontab;

namespace GitOps.Cli.Tests.Serve;

/// <summary>The drift timer through `gitops serve` (the WebJobs timer listener, our blob schedule monitor, blob-lease singleton) on a real Azurite.</summary>
public sealed class ServeTimerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private BlobContainerClient Hosts => new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(BlobScheduleMonitor.ContainerName);

    private Task<ServeTestHost> StartAsync(CountingDriftSweeper sweeper, string schedule, string hostId) =>
        ServeTestHost.StartAsync(azurite.ConnectionString, services => services.AddSingleton<IDriftSweeper>(sweeper),
            new Dictionary<string, string?> { ["GitOps:DriftSchedule"] = schedule }, hostId);

    [Fact]
    public async Task Timer_EverySecondSchedule_FiresOnEachOccurrence()
    {
        var sweeper = new CountingDriftSweeper();
        await using var host = await StartAsync(sweeper, "*/1 * * * * *", "timer-every-second");

        await Eventually.TrueAsync(() => Task.FromResult(sweeper.Ticks >= 3), "three ticks of the every-second schedule");
        Assert.Equal(0, sweeper.PastDueTicks);
    }

    [Fact]
    public async Task Timer_OccurrenceMissedWhileDown_FiresOncePastDueThenKeepsTheScheduleInItsStatusBlob()
    {
        const string schedule = "0 */5 * * * *";
        const string hostId = "timer-past-due";
        var first = new CountingDriftSweeper();
        string statusBlob;
        await using (var host = await StartAsync(first, schedule, hostId))
        {
            // The monitor records the next occurrence when the listener starts.
            statusBlob = await Eventually.ValueAsync(async () =>
            {
                await foreach (var blob in Hosts.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"timers/{hostId}/", CancellationToken.None))
                {
                    return blob.Name;
                }

                return null;
            }, "the timer's status blob");
        }

        // The host was down over an occurrence: it last ran an hour ago, and the occurrence after that is past.
        var occurrences = CrontabSchedule.Parse(schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        var lastRun = occurrences.GetNextOccurrence(DateTime.UtcNow.AddHours(-1));
        var missed = occurrences.GetNextOccurrence(lastRun);
        await Hosts.GetBlobClient(statusBlob).UploadAsync(BinaryData.FromObjectAsJson(new { Last = lastRun, Next = missed, LastUpdated = lastRun }), overwrite: true);
        var second = new CountingDriftSweeper();
        await using var restarted = await StartAsync(second, schedule, hostId);

        await Eventually.TrueAsync(() => Task.FromResult(second.PastDueTicks == 1), "the missed occurrence to fire once, past due");
        var status = await Eventually.ValueAsync(async () =>
        {
            var document = (await Hosts.GetBlobClient(statusBlob).DownloadContentAsync()).Value.Content.ToObjectFromJson<StatusDocument>();
            return document is not null && document.Last > missed ? document : null;
        }, "the status blob to record the past-due run");

        Assert.Equal(0, first.Ticks);
        Assert.Equal(1, second.Ticks);
        Assert.Equal(occurrences.GetNextOccurrence(status.Last), status.Next);
    }

    [Fact]
    public async Task Timer_TwoHostsOfOneApp_OnlyOneFiresEachTick()
    {
        var a = new CountingDriftSweeper();
        var b = new CountingDriftSweeper();
        await using var first = await StartAsync(a, "*/1 * * * * *", "timer-two-hosts");
        await using var second = await StartAsync(b, "*/1 * * * * *", "timer-two-hosts");

        await Eventually.TrueAsync(() => Task.FromResult(a.Ticks + b.Ticks >= 4), "four ticks between the two hosts");

        // The timer listener is a singleton across hosts (a blob lease): one host runs every tick, the other none.
        Assert.True(a.Ticks == 0 || b.Ticks == 0, $"both hosts fired: {a.Ticks} and {b.Ticks} ticks");
    }

    private sealed record StatusDocument(DateTime Last, DateTime Next, DateTime LastUpdated);
}
