using System.CommandLine;
using GitOps.Engine.Jobs;
using GitOps.Functions.Status;
using GitOps.Storage.Jobs;
using GitOps.Storage.Status;

namespace GitOps.Cli;

/// <summary>`gitops sync &lt;app&gt;`: enqueues a manual sync; `--wait` follows the job record to its end.</summary>
public sealed class SyncVerb : ICliVerb
{
    /// <inheritdoc />
    public Command Build()
    {
        var common = new CommonOptions();
        var app = new Argument<string>("app") { Description = "The app to sync (as shown by 'gitops status')." };
        var source = new Option<string?>("--source") { Description = "The app's source; needed only for an app that never synced." };
        var wait = new Option<bool>("--wait") { Description = "Follow the job until it succeeds, fails or is poisoned." };
        var timeout = new Option<TimeSpan>("--timeout") { Description = "With --wait: give up after this long (default 00:10:00).", DefaultValueFactory = _ => TimeSpan.FromMinutes(10) };
        var interval = new Option<TimeSpan>("--interval") { Description = "With --wait: how often to read the job record (0.2 to 10 seconds; default 00:00:01).", DefaultValueFactory = _ => TimeSpan.FromSeconds(1) };
        var command = new Command("sync", """
            Enqueue a manual sync of an app to its source's branch head.

            Examples:
              gitops sync guestbook
              gitops sync guestbook --wait --timeout 00:05:00
              gitops sync newapp --source platform --wait --output json

            Exit codes: 0 enqueued (or, with --wait, succeeded), 1 failed, poisoned or timed out, 2 usage or configuration error, 3 app not found.
            """)
        {
            app, source, wait, timeout, interval,
        };
        common.AddTo(command);
        command.SetAction(CliAction.For("sync", common, async (context, parseResult, cancellationToken) =>
        {
            context.RequireStorage("sync");
            var name = parseResult.GetValue(app)!;
            var account = context.OpenStorage();
            var statuses = new TableAppStatusStore(account.Tables.GetTableClient(TableAppStatusStore.TableName));
            var sourceName = parseResult.GetValue(source) ?? (await statuses.GetAsync(name, cancellationToken))?.Source;
            if (string.IsNullOrEmpty(sourceName))
            {
                var known = (await statuses.ListAsync(cancellationToken)).Select(s => s.App).Order(StringComparer.Ordinal).ToList();
                throw new CliException(ExitCodes.NotFound,
                    $"app '{name}' not found; known apps: {(known.Count == 0 ? "(none)" : string.Join(", ", known))} (pass --source for an app that never synced)");
            }

            var now = TimeProvider.System.GetUtcNow();
            var job = new SyncJob
            {
                SchemaVersion = SyncJob.CurrentSchemaVersion, JobId = Guid.NewGuid().ToString("N"), Source = sourceName, App = name,
                Reason = SyncReason.Manual, RequestedAt = now,
            };
            var store = new TableJobStore(account.Tables);
            await store.EnsureCreatedAsync(cancellationToken);
            await store.UpsertAsync(JobRecord.QueuedFor(job), cancellationToken);
            await new QueueJobQueue(account.Queues).EnqueueAsync(job, cancellationToken: cancellationToken);
            if (!parseResult.GetValue(wait))
            {
                await WriteAsync(context.Output, await store.GetAsync(job.JobId, cancellationToken) ?? throw new CliException(ExitCodes.Failure, $"job {job.JobId} vanished"), $"enqueued job {job.JobId} for app '{name}'");
                return ExitCodes.Ok;
            }

            if (context.Output.Format == OutputFormat.Table)
            {
                await context.Output.WriteLineAsync($"enqueued job {job.JobId} for app '{name}'; waiting");
            }

            var every = TimeSpan.FromTicks(Math.Clamp(parseResult.GetValue(interval).Ticks, TimeSpan.FromMilliseconds(200).Ticks, TimeSpan.FromSeconds(10).Ticks));
            var final = await JobFollower.FollowAsync(store, job.JobId, every, parseResult.GetValue(timeout), context.Output, cancellationToken);
            if (final is null)
            {
                throw new CliException(ExitCodes.Failure, $"job {job.JobId} did not finish within {parseResult.GetValue(timeout)} (it keeps running; see 'gitops jobs show {job.JobId}')");
            }

            await WriteAsync(context.Output, final, $"job {job.JobId}: {final.State}{(final.Error is null ? "" : ": " + final.Error)}");
            return final.State == JobState.Succeeded ? ExitCodes.Ok : ExitCodes.Failure;
        }));
        return command;
    }

    private static Task WriteAsync(CliOutput output, JobRecord record, string line) =>
        output.Format == OutputFormat.Json ? output.WriteJsonAsync(record, StatusJsonContext.Default.JobRecord) : output.WriteLineAsync(line);
}
