namespace GitOps.Cli;

/// <summary>A verb failure with the exit code to return and a message for stderr (never holding a secret).</summary>
public sealed class CliException : Exception
{
    public CliException(int exitCode, string message, Exception? inner = null) : base(message, inner) => ExitCode = exitCode;

    public CliException() { }
    public CliException(string message) : base(message) { }
    public CliException(string message, Exception inner) : base(message, inner) { }

    /// <summary>The process exit code (see <see cref="ExitCodes"/>).</summary>
    public int ExitCode { get; } = ExitCodes.Failure;
}
