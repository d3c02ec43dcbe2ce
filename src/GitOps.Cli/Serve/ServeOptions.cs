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

    /// <summary>Where host.json is read from; unset means FUNCTIONS_APP_ROOT_PATH, then the executable's folder.</summary>
    public string? HostJsonPath { get; set; }
}
