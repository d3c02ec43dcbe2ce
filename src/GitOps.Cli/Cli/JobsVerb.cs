using System.CommandLine;
using GitOps.Engine.Jobs;
using GitOps.Functions.Status;

namespace GitOps.Cli;

/// <summary>`gitops jobs`: the sync queue, running jobs, recent outcomes and the poison queue; `jobs show` and `jobs retry` below it.</summary>
public sealed class JobsVerb : ICliVerb
{
    /// <inheritdoc />
    public Command Build()
    {
        var common = new CommonOptions();
        var command = new Command("jobs", """
            Show queued jobs (approximate count and the head of the queue), running jobs, recent succeeded and failed jobs
            with their reasons, and poisoned jobs with their failure reason.

            Examples:
              gitops jobs
              gitops jobs --output json
              gitops jobs show 3f2a...
              gitops jobs retry 3f2a...

            Exit codes: 0 ok, 1 failure (storage unreachable), 2 usage or configuration error, 3 job not found.
            """);
        common.AddTo(command);
        command.Subcommands.Add(JobsShowCommand.Build());
        command.Subcommands.Add(JobsRetryCommand.Build());
        command.SetAction(CliAction.For("jobs", common, async (context, _, cancellationToken) =>
        {
            var overview = await context.OpenStatus().GetJobsAsync(cancellationToken);
            await WriteAsync(context.Output, overview);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static async Task WriteAsync(CliOutput output, JobsOverview overview)
    {
        if (output.Format == OutputFormat.Json)
        {
            await output.WriteJsonAsync(overview, StatusJsonContext.Default.JobsOverview);
            return;
        }

        await output.WriteTableAsync($"Queued (approximately {overview.QueuedApproximate}; showing the head of the queue)",
            ["JOB", "APP", "REASON", "QUEUED", "DEQUEUES"],
            overview.Queued.Select(q => (IReadOnlyList<string?>)[q.JobId ?? q.MessageId, q.App, q.Reason, CliOutput.Time(q.InsertedOn), q.DequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture)]));
        await output.WriteLineAsync();
        await WriteRecordsAsync(output, "Running", overview.Running, r => r.Summary);
        await WriteRecordsAsync(output, "Retrying (an attempt failed; the queue delivers the job again)", overview.Retrying, r => r.Error);
        await WriteRecordsAsync(output, "Succeeded (recent)", overview.Succeeded, r => r.Summary);
        await WriteRecordsAsync(output, "Superseded (recent; a later job of the app took over)", overview.Superseded, r => r.Summary);
        await WriteRecordsAsync(output, "Failed (recent)", overview.Failed, r => r.Error);
        await output.WriteTableAsync("Poisoned", ["JOB", "APP", "POISONED", "REASON"],
            overview.Poisoned.Select(p => (IReadOnlyList<string?>)[p.JobId ?? p.MessageId, p.App, CliOutput.Time(p.InsertedOn), p.Reason]));
    }

    private static async Task WriteRecordsAsync(CliOutput output, string title, IReadOnlyList<JobRecord> records, Func<JobRecord, string?> detail)
    {
        await output.WriteTableAsync(title, ["JOB", "APP", "STATE", "REASON", "COMMIT", "QUEUED", "DETAIL"],
            records.Select(r => (IReadOnlyList<string?>)[r.JobId, r.App, r.State.ToString(), r.Reason.ToString(), CliOutput.Short(r.Commit), CliOutput.Time(r.QueuedAt), detail(r)]));
        await output.WriteLineAsync();
    }
}
