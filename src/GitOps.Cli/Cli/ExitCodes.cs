namespace GitOps.Cli;

/// <summary>Process exit codes of every `gitops` verb.</summary>
/// <remarks>`gitops diff` follows `kubectl diff`: 0 no differences, 1 differences, 2 or more an error.</remarks>
public static class ExitCodes
{
    /// <summary>The verb did what was asked.</summary>
    public const int Ok = 0;

    /// <summary>The verb ran and failed (an operation, a connection, a job); for `diff`: differences found.</summary>
    public const int Failure = 1;

    /// <summary>The command line or the configuration is wrong (unknown option, missing or malformed setting); nothing was attempted.</summary>
    public const int UsageOrConfiguration = 2;

    /// <summary>The named app or job does not exist.</summary>
    public const int NotFound = 3;
}
