using GitOps.Engine.Webhooks.Receiving;
using Microsoft.Extensions.Options;

namespace GitOps.Functions.Webhooks;

/// <summary>Startup validation of <see cref="WebhookOptions"/>; messages name the setting.</summary>
public sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
