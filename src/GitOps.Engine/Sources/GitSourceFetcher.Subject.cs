namespace GitOps.Engine.Sources;

/// <summary>Commit subjects for the dashboard: the first line of a commit's message, read from the cache repository.</summary>
public sealed partial class GitSourceFetcher
{
    /// <inheritdoc />
    public async Task<string?> ReadCommitSubjectAsync(string source, string commit, CancellationToken cancellationToken = default)
    {
        var settings = Settings(source);
        RequireCommitId(source, commit);
        return await UnderSourceLocksAsync(source, settings, async (auth, repo) =>
        {
            await FetchAsync(auth, source, settings, repo, commit, cancellationToken).ConfigureAwait(false);
            var log = await RunGitAsync(auth, source, "log", ["--git-dir=" + repo, "log", "-1", "--format=%s", commit], null, cancellationToken).ConfigureAwait(false);
            return log.ExitCode == 0 ? log.StandardOutput.Trim() : null;
        }, cancellationToken).ConfigureAwait(false);
    }
}
