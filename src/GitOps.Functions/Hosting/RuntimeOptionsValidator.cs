using Microsoft.Extensions.Options;

namespace GitOps.Functions.Hosting;

/// <summary>Checks <see cref="RuntimeOptions"/>; messages name the setting.</summary>
public sealed class RuntimeOptionsValidator : IValidateOptions<RuntimeOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, RuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Port is < 0 or > 65535)
        {
            failures.Add($"GitOps__Runtime__Port is malformed: {options.Port} is not a TCP port (0..65535).");
        }

        if (options.MessageLease < TimeSpan.FromSeconds(1) || options.MessageLease > TimeSpan.FromDays(7))
        {
            failures.Add($"GitOps__Runtime__MessageLease is malformed: {options.MessageLease} is outside 00:00:01..7.00:00:00.");
        }

        if (options.TimerLease < TimeSpan.FromSeconds(1))
        {
            failures.Add($"GitOps__Runtime__TimerLease is malformed: {options.TimerLease} is shorter than one second.");
        }

        if (string.IsNullOrWhiteSpace(options.InstanceId))
        {
            failures.Add("GitOps__Runtime__InstanceId is empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
