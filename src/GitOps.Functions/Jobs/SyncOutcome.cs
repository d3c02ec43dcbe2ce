namespace GitOps.Functions.Jobs;

/// <summary>What the trigger must do with a delivered sync message after one attempt.</summary>
public enum SyncOutcomeKind
{
    /// <summary>Done: delete the message (the job succeeded, or failed in a way no retry can fix; <see cref="SyncOutcome.Reason"/> says why).</summary>
    Succeeded,

    /// <summary>The attempt failed and attempts remain: make the message visible again after visibilityTimeout.</summary>
    Retry,

    /// <summary>The last attempt failed: move the original message to the poison queue.</summary>
    Poison,

    /// <summary>The message can never be processed (not JSON, unknown schema): move it to the poison queue at once.</summary>
    BadMessage,
}

/// <summary>The result of one attempt; <see cref="Reason"/> says why it failed.</summary>
public sealed record SyncOutcome(SyncOutcomeKind Kind, string? Reason = null)
{
    /// <summary>The successful outcome.</summary>
    public static SyncOutcome Success { get; } = new(SyncOutcomeKind.Succeeded);
}
