using System.CommandLine;
using GitOps.Engine.Jobs;
using GitOps.Functions.Status;
using GitOps.Storage.Jobs;

namespace GitOps.Cli;

/// <summary>`gitops jobs retry &lt;id&gt;`: moves a poisoned job's message back onto the sync queue and records it Queued.</summary>
internal static class JobsRetryCommand
{
    public static Command Build()
    {
        var common = new CommonOptions();
        var id = new Argument<string>("id") { Description = "The poisoned job's id (see 'gitops jobs')." };
        var command = new Command("retry", "Re-drive a poisoned job: its original message goes back onto gitops-sync and leaves the poison queue.\n\nExample:\n  gitops jobs retry 3f2a...\n\nExit codes: 0 re-driven, 1 failure, 2 usage or configuration error, 3 no poisoned message with that job id.")
        {
            id,
        };
        common.AddTo(command);
        command.SetAction(CliAction.For("jobs retry", common, async (context, parseResult, cancellationToken) =>
        {
            context.RequireStorage("jobs retry");
            var jobId = parseResult.GetValue(id)!;
            var account = context.OpenStorage();
            var store = new TableJobStore(account.Tables);
            (SyncJob Job, JobRecord Record)? retried;
            try
            {
                await store.EnsureCreatedAsync(cancellationToken);
                retried = await new SyncQueues(account.Queues).RetryAsync(jobId, store, cancellationToken);
            }
            catch (InvalidOperationException ex)
            {
                throw new CliException(ExitCodes.Failure, ex.Message, ex);
            }

            var (job, record) = retried ?? throw new CliException(ExitCodes.NotFound, $"no poisoned message for job '{jobId}' (see 'gitops jobs')");

            if (context.Output.Format == OutputFormat.Json)
            {
                await context.Output.WriteJsonAsync(record, StatusJsonContext.Default.JobRecord);
            }
            else
            {
                await context.Output.WriteLineAsync($"job {jobId} ({job.App}) moved back to the sync queue");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
