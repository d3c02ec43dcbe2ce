namespace GitOps.Functions.Hosting;

/// <summary>Settings of the runtime itself (section GitOps:Runtime); the defaults match the Functions host.</summary>
public sealed class RuntimeOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "GitOps:Runtime";

    /// <summary>Standalone mode: the loopback port of the HTTP listener (GitOps:Runtime:Port).</summary>
    public int Port { get; set; } = 7071;

    /// <summary>Standalone mode: how long a fetched message stays invisible; renewed at half while the job runs (host: 10 min).</summary>
    public TimeSpan MessageLease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Standalone mode: how long a timer lease lasts; renewed at half while the timer function runs.</summary>
    public TimeSpan TimerLease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>This instance's identity in timer leases; defaults to host name, process id and a random suffix.</summary>
    public string InstanceId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";

    /// <summary>Where host.json is read from; unset means FUNCTIONS_APP_ROOT_PATH, then the executable's folder.</summary>
    public string? HostJsonPath { get; set; }
}
