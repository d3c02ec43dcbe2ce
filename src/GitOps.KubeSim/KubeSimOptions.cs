namespace GitOps.KubeSim;

/// <summary>How a simulator instance listens and authenticates.</summary>
public sealed record KubeSimOptions
{
    /// <summary>Loopback port; 0 picks a free one (the bound port is reported by <see cref="KubeSimServer.Port"/>).</summary>
    public int Port { get; init; }

    /// <summary>Serve HTTPS with a generated CA (the kubeconfig carries the CA data).</summary>
    public bool UseHttps { get; init; }

    /// <summary>With HTTPS, also accept client certificates signed by the CA and put one in the kubeconfig instead of the token.</summary>
    public bool ClientCertificateAuth { get; init; }

    /// <summary>
    /// The bearer token clients must send. Null generates a random one; over plain HTTP it also means anonymous access
    /// (kubectl refuses to send tokens over HTTP), though the kubeconfig still carries the token.
    /// </summary>
    public string? BearerToken { get; init; }

    /// <summary>Accept requests without credentials.</summary>
    public bool AllowAnonymous { get; init; }

    /// <summary>Seed of the random source that decides fractional faults, so runs repeat.</summary>
    public int FaultSeed { get; init; } = 42;

    /// <summary>Settle workload status on every write (true) or only on <see cref="KubeSimServer.SettleControllers"/> ticks.</summary>
    public bool SettleControllersOnWrite { get; init; } = true;

    /// <summary>Clock for timestamps; the system clock when null.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>Throws when a setting is out of range, naming it.</summary>
    public void Validate()
    {
        if (Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "KubeSimOptions.Port must be between 0 and 65535.");
        }

        if (ClientCertificateAuth && !UseHttps)
        {
            throw new ArgumentException("KubeSimOptions.ClientCertificateAuth needs KubeSimOptions.UseHttps.", nameof(ClientCertificateAuth));
        }

        if (BearerToken is { Length: 0 })
        {
            throw new ArgumentException("KubeSimOptions.BearerToken must not be empty (null generates one).", nameof(BearerToken));
        }
    }
}
