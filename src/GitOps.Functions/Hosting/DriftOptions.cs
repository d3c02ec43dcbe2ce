namespace GitOps.Functions.Hosting;

/// <summary>The drift timer: when it fires (NCRONTAB with seconds) and whether it fires at startup.</summary>
[RequiredSetting(ScheduleAppSetting)]
public sealed class DriftOptions
{
    /// <summary>The schedule's app setting; function.json refers to it as %GitOps__DriftSchedule%.</summary>
    public const string ScheduleAppSetting = "GitOps__DriftSchedule";

    /// <summary>The schedule used when the setting is absent (every five minutes).</summary>
    public const string DefaultSchedule = "0 */5 * * * *";

    /// <summary>Six-field NCRONTAB expression {second} {minute} {hour} {day} {month} {day-of-week}, UTC (GitOps:DriftSchedule).</summary>
    public string DriftSchedule { get; set; } = DefaultSchedule;

    /// <summary>Standalone mode only: also sweep once at startup (GitOps:DriftRunOnStartup). The host never does in production.</summary>
    public bool DriftRunOnStartup { get; set; }
}
