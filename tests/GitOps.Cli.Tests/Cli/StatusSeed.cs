using GitOps.Engine.Drift.Sweep;
using GitOps.Engine.Jobs;
using GitOps.Engine.Status;
using GitOps.Functions.Hosting;
using GitOps.Storage;
using GitOps.Storage.Drift;
using GitOps.Storage.Jobs;
using GitOps.Storage.Status;

namespace GitOps.Cli.Tests.Cli;

/// <summary>Writes app status, drift reports, job records and queue messages into a real (Azurite) account.</summary>
internal sealed class StatusSeed(string connectionString)
{
    public static readonly DateTimeOffset At = new(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);

    private readonly StorageAccount account = StorageAccount.FromConnectionString(connectionString);

    public TableJobStore Jobs => new(account.Tables);

    public async Task AppAsync(string app, DriftState? drift = null, IReadOnlyList<DriftFinding>? findings = null, string? sweepJob = null)
    {
        var apps = account.Tables.GetTableClient(TableAppStatusStore.TableName);
        await new TableAppStatusStore(apps).UpsertAsync(new AppStatus
        {
            App = app, Source = "platform", Cluster = "dev", LastSyncedCommit = "0123456789abcdef0123", Result = SyncResult.Succeeded,
            Health = "Healthy", LastSyncAt = At, Summary = "3 created, 0 configured, 0 pruned; Healthy", JobId = "job-" + app,
            Changes = [new("created", "Deployment/dev/web"), new("created", "Service/dev/web"), new("created", "ConfigMap/dev/web"), new("unchanged", "Namespace/dev")],
        });
        if (drift is { } state)
        {
            await new TableDriftStore(apps, account.Tables.GetTableClient(TableDriftStore.HistoryTableName)).RecordAsync(new AppDriftReport
            {
                App = app, Source = "platform", Cluster = "dev", State = state, SweptAt = At.AddMinutes(5), Action = state == DriftState.Drifted ? "detect-only: left alone" : null, Compared = 3,
                Findings = findings ?? [], JobId = sweepJob,
            });
        }
    }

    public async Task<JobRecord> JobAsync(string app, JobState state, string? error = null, string? jobId = null)
    {
        var record = new JobRecord
        {
            JobId = jobId ?? Guid.NewGuid().ToString("N"), Source = "platform", App = app, Reason = SyncReason.Push, State = state, QueuedAt = At,
            Commit = "0123456789abcdef0123", Error = error, Summary = state == JobState.Succeeded ? "1 created; Healthy" : null, Attempts = 1,
        };
        await Jobs.EnsureCreatedAsync();
        await Jobs.UpsertAsync(record);
        return record;
    }

    public static SyncJob Job(string app, string? jobId = null) => new()
    {
        SchemaVersion = SyncJob.CurrentSchemaVersion, JobId = jobId ?? Guid.NewGuid().ToString("N"), Source = "platform", App = app,
        Reason = SyncReason.Push, RequestedAt = At,
    };

    public async Task SendAsync(string queue, string text)
    {
        var client = account.Queues.GetQueueClient(queue);
        await client.CreateIfNotExistsAsync();
        await client.SendMessageAsync(text);
    }

    public Task PoisonAsync(string text) => SendAsync(FunctionNames.SyncPoisonQueue, text);

    public async Task<IReadOnlyList<string>> PeekAsync(string queue)
    {
        var client = account.Queues.GetQueueClient(queue);
        await client.CreateIfNotExistsAsync();
        return [.. (await client.PeekMessagesAsync(32)).Value.Select(m => m.MessageText)];
    }

    public async Task<IReadOnlyList<Azure.Storage.Queues.Models.QueueMessage>> ReceiveAsync(string queue)
    {
        var client = account.Queues.GetQueueClient(queue);
        await client.CreateIfNotExistsAsync();
        return (await client.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30))).Value;
    }
}
