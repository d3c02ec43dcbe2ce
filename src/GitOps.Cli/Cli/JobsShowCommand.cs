using System.CommandLine;
using GitOps.Engine.Jobs;
using GitOps.Functions.Status;

namespace GitOps.Cli;

/// <summary>`gitops jobs show &lt;id&gt;`: one job's record.</summary>
internal static class JobsShowCommand
{
    public static Command Build()
    {
        var common = new CommonOptions();
        var id = new Argument<string>("id") { Description = "The job id." };
        var command = new Command("show", "Show one job's record.\n\nExample:\n  gitops jobs show 3f2a... --output json\n\nExit codes: 0 ok, 1 failure, 2 usage or configuration error, 3 job not found.")
        {
            id,
        };
        common.AddTo(command);
        command.SetAction(CliAction.For("jobs show", common, async (context, parseResult, cancellationToken) =>
        {
            var jobId = parseResult.GetValue(id)!;
            var record = await context.OpenStatus().GetJobAsync(jobId, cancellationToken)
                ?? throw new CliException(ExitCodes.NotFound, $"job '{jobId}' not found");
            await WriteAsync(context.Output, record);
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Writes one record as JSON or as a two-column table.</summary>
    public static async Task WriteAsync(CliOutput output, JobRecord record)
    {
        if (output.Format == OutputFormat.Json)
        {
            await output.WriteJsonAsync(record, StatusJsonContext.Default.JobRecord);
            return;
        }

        await output.WriteTableAsync(null, ["FIELD", "VALUE"],
        [
            ["Job", record.JobId], ["App", record.App], ["Source", record.Source], ["State", record.State.ToString()],
            ["Reason", record.Reason.ToString()], ["Commit", record.Commit], ["Attempts", record.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            ["Queued", CliOutput.Time(record.QueuedAt)], ["Started", CliOutput.Time(record.StartedAt)], ["Finished", CliOutput.Time(record.FinishedAt)],
            ["Summary", record.Summary], ["Error", record.Error], ["Delivery", record.DeliveryId],
        ]);
    }
}
