using GitOps.Engine.Configuration;

namespace GitOps.Engine.Notifications;

/// <summary>Posts a commit status for an app's sync back to the Git host. Never throws for delivery failures.</summary>
public interface ICommitStatusNotifier
{
    /// <summary>Reports <paramref name="state"/> for <paramref name="commit"/> when the source has a status API configured.</summary>
    Task NotifyAsync(string sourceName, SourceOptions source, string commit, string app, CommitState state, string description, CancellationToken cancellationToken = default);
}
