using GitOps.Engine.Webhooks.Receiving;
using Microsoft.Extensions.Options;

namespace GitOps.Functions.Hosting;

/// <summary>Checks <see cref="StorageRetentionOptions"/> at startup; a delivery must be remembered at least as long as redeliveries are deduplicated.</summary>
public sealed class StorageRetentionOptionsValidator(IOptions<WebhookOptions> webhooks) : IValidateOptions<StorageRetentionOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, StorageRetentionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var prefix = StorageRetentionOptions.SectionName;
        var failures = new List<string>();
        var deliveryWindow = webhooks.Value.DeliveryWindow;
        if (options.Window < deliveryWindow || options.Window <= TimeSpan.Zero)
        {
            failures.Add($"{prefix}:{nameof(options.Window)} must be positive and at least {WebhookOptions.SectionName}:{nameof(WebhookOptions.DeliveryWindow)} ({deliveryWindow}), was {options.Window}.");
        }

        if (options.Interval < TimeSpan.FromMinutes(1))
        {
            failures.Add($"{prefix}:{nameof(options.Interval)} must be at least 1 minute (was {options.Interval}).");
        }

        if (options.BatchSize is < 1 or > 1000)
        {
            failures.Add($"{prefix}:{nameof(options.BatchSize)} must be between 1 and 1000 (was {options.BatchSize}).");
        }

        if (options.MaxBatchesPerPass < 1)
        {
            failures.Add($"{prefix}:{nameof(options.MaxBatchesPerPass)} must be at least 1 (was {options.MaxBatchesPerPass}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
