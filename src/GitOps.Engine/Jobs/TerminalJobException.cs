namespace GitOps.Engine.Jobs;

/// <summary>A job failure that no retry can fix (for example an invalid app definition): the job ends Failed with this reason.</summary>
/// <remarks>
/// Unlike other exceptions from <see cref="ISyncJobHandler.HandleAsync"/>, it is not retried and never goes to the
/// poison queue: the message is completed and the job record says Failed with <see cref="Exception.Message"/>.
/// The message must name the problem for a user (file, field, app), never secret values.
/// </remarks>
public sealed class TerminalJobException : Exception
{
    public TerminalJobException(string message) : base(message) { }
    public TerminalJobException(string message, Exception inner) : base(message, inner) { }
    public TerminalJobException() { }
}
