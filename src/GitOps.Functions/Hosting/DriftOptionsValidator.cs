using Microsoft.Extensions.Options;
using NCrontab;

namespace GitOps.Functions.Hosting;

/// <summary>Checks that the drift schedule parses as six-field NCRONTAB.</summary>
public sealed class DriftOptionsValidator : IValidateOptions<DriftOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, DriftOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var schedule = CrontabSchedule.TryParse(options.DriftSchedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        return schedule is null
            ? ValidateOptionsResult.Fail($"{DriftOptions.ScheduleAppSetting} is malformed: '{options.DriftSchedule}' is not a six-field NCRONTAB expression ({{second}} {{minute}} {{hour}} {{day}} {{month}} {{day-of-week}}).")
            : ValidateOptionsResult.Success;
    }
}
