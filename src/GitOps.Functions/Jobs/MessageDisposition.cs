namespace GitOps.Functions.Jobs;

/// <summary>What the trigger must do with a delivered sync message after one attempt.</summary>
public enum MessageAction
{
    /// <summary>The job is done with this message (it succeeded, failed for good, or re-enqueued itself): delete it.</summary>
    Done,

    /// <summary>The attempt failed and attempts remain: make the message visible again after visibilityTimeout.</summary>
    Retry,

    /// <summary>The last attempt failed: move the original message to the poison queue.</summary>
    Poison,

    /// <summary>The message can never be processed (not JSON, unknown schema): move it to the poison queue at once.</summary>
    BadMessage,
}

/// <summary>The trigger's instruction after one attempt; <see cref="Reason"/> says why it failed.</summary>
public sealed record MessageDisposition(MessageAction Action, string? Reason = null)
{
    /// <summary>Delete the message.</summary>
    public static MessageDisposition Done { get; } = new(MessageAction.Done);
}
