namespace GitOps.Engine.Notifications;

/// <summary>A commit status as we report it; each host maps it to its own words.</summary>
public enum CommitState
{
    Pending,
    Success,
    Failure,
    Error,
}
