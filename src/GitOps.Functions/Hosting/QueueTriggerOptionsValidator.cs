using Microsoft.Extensions.Options;

namespace GitOps.Functions.Hosting;

/// <summary>Checks host.json's queue settings with the host's rules; messages name the host.json key.</summary>
public sealed class QueueTriggerOptionsValidator : IValidateOptions<QueueTriggerOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, QueueTriggerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.BatchSize is < 1 or > 32)
        {
            failures.Add($"host.json extensions.queues.batchSize is malformed: {options.BatchSize} is outside 1..32.");
        }

        if (options.NewBatchThreshold is < 0)
        {
            failures.Add($"host.json extensions.queues.newBatchThreshold is malformed: {options.NewBatchThreshold} is negative.");
        }

        if (options.MaxPollingInterval < QueueTriggerOptions.MinPollingInterval)
        {
            failures.Add($"host.json extensions.queues.maxPollingInterval is malformed: {options.MaxPollingInterval} is below 100 ms.");
        }

        if (options.VisibilityTimeout < TimeSpan.Zero || options.VisibilityTimeout > TimeSpan.FromDays(7))
        {
            failures.Add($"host.json extensions.queues.visibilityTimeout is malformed: {options.VisibilityTimeout} is outside 0..7 days.");
        }

        if (options.MaxDequeueCount < 1)
        {
            failures.Add($"host.json extensions.queues.maxDequeueCount is malformed: {options.MaxDequeueCount} is below 1.");
        }

        // Jobs are written as plain JSON; with base64 the host would fail to bind every message.
        if (!string.Equals(options.MessageEncoding, "none", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"host.json extensions.queues.messageEncoding must be 'none' (sync jobs are plain JSON), not '{options.MessageEncoding}'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
