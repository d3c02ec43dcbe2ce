namespace GitOps.Functions.Cli;

/// <summary>Process exit codes of every `gitops` verb.</summary>
public static class ExitCodes
{
    /// <summary>The verb did what was asked.</summary>
    public const int Ok = 0;

    /// <summary>The verb ran and failed (an operation, a connection, a job).</summary>
    public const int Failure = 1;

    /// <summary>The command line or the configuration is wrong (unknown option, missing or malformed setting); nothing was attempted.</summary>
    public const int UsageOrConfiguration = 2;
}
