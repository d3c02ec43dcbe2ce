namespace GitOps.Functions.Triggers;

/// <summary>Thrown to the host's queue trigger when a sync attempt failed, so that it retries the message or moves it to poison.</summary>
/// <remarks>The job record already holds the reason; the message says it again for the host's own log.</remarks>
public sealed class JobAttemptFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public JobAttemptFailedException() { }

    /// <summary>Creates the exception with the attempt's reason.</summary>
    public JobAttemptFailedException(string message) : base(message) { }

    /// <summary>Creates the exception with a cause.</summary>
    public JobAttemptFailedException(string message, Exception inner) : base(message, inner) { }
}
