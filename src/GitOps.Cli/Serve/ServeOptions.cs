namespace GitOps.Cli.Serve;

/// <summary>Settings of `gitops serve` itself (section GitOps:Serve); the Function App has no use for them.</summary>
public sealed class ServeOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "GitOps:Serve";

    /// <summary>The key of <see cref="HostJsonPath"/>.</summary>
    public const string HostJsonPathKey = SectionName + ":HostJsonPath";

    /// <summary>The loopback port of the HTTP listener; 0 picks a free one (it is printed at startup).</summary>
    public int Port { get; set; } = 7071;

    /// <summary>The WebJobs host id: hosts with the same id share timer schedules and singleton locks in the storage account.</summary>
    /// <remarks>Two `gitops serve` processes of one app keep the same id, so one tick runs once; apps sharing an account need distinct ids.</remarks>
    public string HostId { get; set; } = "gitops-serve";

    /// <summary>The key of <see cref="MetricsPath"/>.</summary>
    public const string MetricsPathKey = SectionName + ":MetricsPath";

    /// <summary>
    /// Where Prometheus scrapes the metrics (default /metrics); empty turns the endpoint off. It has no authentication:
    /// serve listens on loopback only, and the metrics carry app, cluster and source names, never secrets or object names.
    /// </summary>
    public string MetricsPath { get; set; } = "/metrics";

    /// <summary>Where host.json is read from; unset means FUNCTIONS_APP_ROOT_PATH, then the executable's folder.</summary>
    public string? HostJsonPath { get; set; }
}
