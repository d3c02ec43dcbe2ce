namespace GitOps.Functions.Hosting;

/// <summary>The drift timer's schedule (NCRONTAB with seconds), read by the host from the setting GitOps:DriftSchedule.</summary>
[RequiredSetting(ScheduleAppSetting)]
public sealed class DriftOptions
{
    /// <summary>The configuration key the timer binding resolves (<see cref="FunctionNames.DriftSchedule"/>).</summary>
    public const string ScheduleKey = "GitOps:DriftSchedule";

    /// <summary>The same setting as an app setting (environment variable).</summary>
    public const string ScheduleAppSetting = "GitOps__DriftSchedule";

    /// <summary>The schedule used when the setting is absent (every five minutes).</summary>
    public const string DefaultSchedule = "0 */5 * * * *";

    /// <summary>Six-field NCRONTAB expression {second} {minute} {hour} {day} {month} {day-of-week}, UTC (GitOps:DriftSchedule).</summary>
    public string DriftSchedule { get; set; } = DefaultSchedule;
}
