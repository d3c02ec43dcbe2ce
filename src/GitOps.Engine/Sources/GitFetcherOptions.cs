namespace GitOps.Engine.Sources;

/// <summary>Settings of the git source cache ("GitOps:Git"); <see cref="Git"/> is "GitOps:Tools:Git".</summary>
public sealed record GitFetcherOptions
{
    /// <summary>git executable.</summary>
    public string Git { get; init; } = "git";

    /// <summary>Folder for the per-source caches (bare repositories and checkouts).</summary>
    public string CacheDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "gitops-sources");

    /// <summary>At most this many checkouts are kept per source (the newest used); older ones are deleted when not in use.</summary>
    public int KeepCheckouts { get; init; } = 3;

    /// <summary>Timeout of every git call.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Longest wait for another process holding a source's cache lock.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting when a value is out of range.</summary>
    public void Validate()
    {
        if (KeepCheckouts < 1)
        {
            throw new ArgumentException("GitOps:Git:KeepCheckouts must be at least 1", nameof(KeepCheckouts));
        }

        if (Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("GitOps:Git:Timeout must be positive", nameof(Timeout));
        }

        if (string.IsNullOrWhiteSpace(CacheDirectory))
        {
            throw new ArgumentException("GitOps:Git:CacheDirectory must be set", nameof(CacheDirectory));
        }
    }
}
