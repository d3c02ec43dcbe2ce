using GitOps.Engine.Jobs;

namespace GitOps.Cli;

/// <summary>Follows a job record until it reaches a final state (Succeeded, Failed, Poisoned, Superseded), printing state changes in table mode.</summary>
internal static class JobFollower
{
    /// <summary>The final record, or null when <paramref name="timeout"/> passed first.</summary>
    public static async Task<JobRecord?> FollowAsync(IJobStore store, string jobId, TimeSpan interval, TimeSpan timeout, CliOutput output, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        JobState? last = null;
        try
        {
            while (true)
            {
                var record = await store.GetAsync(jobId, deadline.Token);
                if (record is not null && record.State != last)
                {
                    last = record.State;
                    if (output.Format == OutputFormat.Table)
                    {
                        await output.WriteLineAsync($"  {CliOutput.Time(TimeProvider.System.GetUtcNow())}  {record.State}{(record.Summary is null ? "" : "  " + record.Summary)}");
                    }
                }

                if (record is not null && record.State.IsFinal())
                {
                    return record;
                }

                await Task.Delay(interval, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
