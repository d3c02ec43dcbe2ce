using GitOps.Engine.Jobs;

namespace GitOps.Functions.Testing;

/// <summary>TEST ONLY, off by default: a sync body whose behaviour is read from the job's app name, for process-level tests.</summary>
/// <remarks>
/// Selected only by the setting GitOps:Testing:Handler=script (never set it in a deployment). App names:
/// "fail…" always throws; "fail-until-N…" fails while the dequeue count is below N; "slow-MS…" waits MS milliseconds
/// (cancellable) and succeeds; "bad…" throws <see cref="BadJobMessageException"/>; anything else succeeds.
/// </remarks>
public sealed class ScriptedSyncJobHandler : ISyncJobHandler
{
    /// <summary>The setting that selects this handler.</summary>
    public const string SettingKey = "GitOps:Testing:Handler";

    /// <summary>The setting's value that selects this handler.</summary>
    public const string SettingValue = "script";

    /// <inheritdoc />
    public async Task<JobResult> HandleAsync(SyncJob job, JobDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(delivery);
        var app = job.App;
        if (app.StartsWith("fail-until-", StringComparison.Ordinal))
        {
            var digits = new string(app["fail-until-".Length..].TakeWhile(char.IsAsciiDigit).ToArray());
            if (delivery.DequeueCount < long.Parse(digits, System.Globalization.CultureInfo.InvariantCulture))
            {
                throw new ScriptedFailureException($"scripted failure of app '{app}' on attempt {delivery.DequeueCount}");
            }

            return JobResult.Succeeded;
        }

        if (app.StartsWith("fail", StringComparison.Ordinal))
        {
            throw new ScriptedFailureException($"scripted failure of app '{app}' on attempt {delivery.DequeueCount}");
        }

        if (app.StartsWith("bad", StringComparison.Ordinal))
        {
            throw new BadJobMessageException($"scripted bad message for app '{app}'");
        }

        if (app.StartsWith("slow-", StringComparison.Ordinal))
        {
            var digits = new string(app["slow-".Length..].TakeWhile(char.IsAsciiDigit).ToArray());
            await Task.Delay(TimeSpan.FromMilliseconds(int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture)), cancellationToken);
        }

        return JobResult.Succeeded;
    }
}

/// <summary>TEST ONLY: the failure the scripted handler throws.</summary>
public sealed class ScriptedFailureException : Exception
{
    public ScriptedFailureException() { }
    public ScriptedFailureException(string message) : base(message) { }
    public ScriptedFailureException(string message, Exception inner) : base(message, inner) { }
}
