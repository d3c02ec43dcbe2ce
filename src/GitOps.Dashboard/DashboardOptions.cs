using Microsoft.Extensions.Options;

namespace GitOps.Dashboard;

/// <summary>Settings of the dashboard (section GitOps:Dashboard).</summary>
public sealed class DashboardOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "GitOps:Dashboard";

    /// <summary>Whether "Sync now", "Retry" and "Sweep now" are offered; when false they show disabled, with a note.</summary>
    public bool Actions { get; set; } = true;

    /// <summary>How often an open page refreshes its live region (1 s to 5 min).</summary>
    public TimeSpan Refresh { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Checks <see cref="DashboardOptions"/> at startup.</summary>
public sealed class DashboardOptionsValidator : IValidateOptions<DashboardOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, DashboardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Refresh < TimeSpan.FromSeconds(1) || options.Refresh > TimeSpan.FromMinutes(5)
            ? ValidateOptionsResult.Fail($"{DashboardOptions.SectionName}:Refresh must be between 00:00:01 and 00:05:00 (got {options.Refresh}).")
            : ValidateOptionsResult.Success;
    }
}
