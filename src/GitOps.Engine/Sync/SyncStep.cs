namespace GitOps.Engine.Sync;

/// <summary>The named steps of a sync; a failure names the step it happened in.</summary>
public enum SyncStep
{
    Lease,
    ResolveHead,
    Fetch,
    LoadApp,
    Render,
    Plan,
    Apply,
    Prune,
    Health,
    Record,
    Notify,
}

/// <summary>A sync step failed. <see cref="Retryable"/> says whether another attempt may succeed.</summary>
public sealed class SyncStepException : Exception
{
    public SyncStepException(SyncStep step, string message, bool retryable, Exception? inner = null)
        : base($"{step} failed: {message}", inner)
    {
        Step = step;
        Retryable = retryable;
    }

    public SyncStepException() : this(SyncStep.Apply, "sync failed", false) { }
    public SyncStepException(string message) : this(SyncStep.Apply, message, false) { }
    public SyncStepException(string message, Exception inner) : this(SyncStep.Apply, message, false, inner) { }

    public SyncStep Step { get; }
    public bool Retryable { get; }
}
