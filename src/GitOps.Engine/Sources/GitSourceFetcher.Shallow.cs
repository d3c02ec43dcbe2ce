using GitOps.Engine.Rendering.Processes;

namespace GitOps.Engine.Sources;

/// <summary>
/// Shallow fetches of one commit that take one network turn less. With <c>--depth 1</c> the server names the new
/// shallow boundary (the commit itself) unless the client already lists it in its shallow file; that extra reply is
/// two small writes, and over a plain TCP transport the second waits for a delayed ACK (about 40 ms on Linux). The
/// boundary is known beforehand, so it is written to the shallow file first (exactly what the fetch would write) and
/// taken out again when the fetch fails. A marker file covers a crash in between: a repository that still has it is
/// dropped and fetched afresh (it is only a cache).
/// </summary>
public sealed partial class GitSourceFetcher
{
    private const string HeadRef = "refs/gitops/head";
    private const string DeclaredMarker = "gitops-declared-shallow";

    /// <summary>The source's bare cache repository, created when missing or left inconsistent by a crash. Call under the source's locks.</summary>
    private async Task<string> OpenRepositoryAsync(GitAuth auth, string source, string folder, CancellationToken cancellationToken)
    {
        var repo = Path.Combine(folder, "repo.git");
        if (File.Exists(Path.Combine(repo, DeclaredMarker)))
        {
            TryDelete(repo);
        }

        if (!Directory.Exists(Path.Combine(repo, "objects")))
        {
            await GitAsync(auth, source, "init", ["init", "--bare", "--quiet", repo], null, cancellationToken).ConfigureAwait(false);
        }

        return repo;
    }

    /// <summary>Fetches <paramref name="commit"/> at depth 1 with its boundary declared up front; the ref it updates gives later fetches a "have".</summary>
    private Task<ToolResult> FetchDeclaredShallowAsync(GitAuth auth, string source, string repo, string commit, CancellationToken cancellationToken) =>
        FetchDeclaredShallowAsync(auth, source, repo, commit, commit, cancellationToken);

    /// <summary>
    /// Fetches <paramref name="what"/> (a commit id or a branch ref) at depth 1 into <see cref="HeadRef"/>, declaring
    /// <paramref name="commit"/> as the new boundary up front. The declaration stays only when the fetch succeeded and
    /// brought exactly that commit; a branch that moved on is still fetched, with git naming its boundary itself.
    /// </summary>
    private async Task<ToolResult> FetchDeclaredShallowAsync(GitAuth auth, string source, string repo, string commit, string what, CancellationToken cancellationToken)
    {
        var shallow = Path.Combine(repo, "shallow");
        var marker = Path.Combine(repo, DeclaredMarker);
        var declared = !IsListedShallow(repo, commit);
        if (declared)
        {
            await File.WriteAllTextAsync(marker, commit, cancellationToken).ConfigureAwait(false);
            await File.AppendAllTextAsync(shallow, commit + "\n", cancellationToken).ConfigureAwait(false);
        }

        var keep = false;
        try
        {
            var result = await RunGitAsync(auth, source, "fetch", ["-C", repo, "fetch", "--quiet", "--depth", "1", "--no-tags", "--", auth.Url, $"+{what}:{HeadRef}"], null, cancellationToken).ConfigureAwait(false);
            keep = result.ExitCode == 0 && (what == commit || string.Equals(FetchedHead(repo), commit, StringComparison.OrdinalIgnoreCase));
            return result;
        }
        finally
        {
            if (declared)
            {
                if (!keep)
                {
                    Undeclare(shallow, commit);
                }

                File.Delete(marker);
            }
        }
    }

    /// <summary>The commit the last fetch stored in <see cref="HeadRef"/>, or null.</summary>
    private static string? FetchedHead(string repo)
    {
        try
        {
            var text = File.ReadAllText(Path.Combine(repo, HeadRef)).Trim();
            return IsCommitId(text) ? text : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static void Undeclare(string shallow, string commit)
    {
        if (!File.Exists(shallow))
        {
            return;
        }

        var kept = File.ReadAllLines(shallow).Where(line => !string.Equals(line.Trim(), commit, StringComparison.OrdinalIgnoreCase)).ToList();
        if (kept.Count == 0)
        {
            File.Delete(shallow); // As git keeps it: no file when nothing is shallow.
            return;
        }

        var temp = shallow + ".gitops-tmp";
        File.WriteAllLines(temp, kept);
        File.Move(temp, shallow, overwrite: true);
    }
}
