namespace GitOps.Testing.Git;

/// <summary>A real git repository in a temp folder, with helpers to write files, commit, branch and rewrite history.</summary>
/// <remarks>Place it under a <see cref="GitDaemon"/>'s base path to serve it at git://127.0.0.1:port/name.</remarks>
public sealed class GitRepoBuilder
{
    /// <summary>Creates a repository at <paramref name="directory"/> with an initial branch.</summary>
    public GitRepoBuilder(string directory, string branch = "main")
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        GitCli.Run(directory, "init", "--quiet", "--initial-branch=" + branch);
        GitCli.Run(directory, "config", "core.symlinks", "true");
    }

    /// <summary>The work tree.</summary>
    public string Directory { get; }

    /// <summary>Writes (creating folders) a file relative to the work tree.</summary>
    public GitRepoBuilder Write(string path, string content)
    {
        var full = Path.Combine(Directory, path);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return this;
    }

    /// <summary>Writes raw bytes (for invalid UTF-8 and similar).</summary>
    public GitRepoBuilder WriteBytes(string path, byte[] content)
    {
        var full = Path.Combine(Directory, path);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
        return this;
    }

    /// <summary>Creates a symlink at <paramref name="path"/> pointing to <paramref name="target"/> (as written).</summary>
    public GitRepoBuilder Symlink(string path, string target)
    {
        var full = Path.Combine(Directory, path);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.CreateSymbolicLink(full, target);
        return this;
    }

    /// <summary>Removes a file or folder from the work tree.</summary>
    public GitRepoBuilder Delete(string path)
    {
        var full = Path.Combine(Directory, path);
        if (System.IO.Directory.Exists(full))
        {
            System.IO.Directory.Delete(full, recursive: true);
        }
        else
        {
            File.Delete(full);
        }

        return this;
    }

    /// <summary>Commits everything and returns the new commit id.</summary>
    public string Commit(string message = "change")
    {
        GitCli.Run(Directory, "add", "--all");
        GitCli.Run(Directory, "commit", "--quiet", "--allow-empty", "-m", message);
        return Head();
    }

    /// <summary>The commit id HEAD points to.</summary>
    public string Head() => GitCli.Run(Directory, "rev-parse", "HEAD").Trim();

    /// <summary>Creates <paramref name="branch"/> at HEAD and switches to it.</summary>
    public GitRepoBuilder CreateBranch(string branch)
    {
        GitCli.Run(Directory, "checkout", "--quiet", "-b", branch);
        return this;
    }

    /// <summary>Switches to an existing branch.</summary>
    public GitRepoBuilder Checkout(string branch)
    {
        GitCli.Run(Directory, "checkout", "--quiet", branch);
        return this;
    }

    /// <summary>Moves the current branch to <paramref name="commit"/> (what a force-push does on the server).</summary>
    public GitRepoBuilder ForceReset(string commit)
    {
        GitCli.Run(Directory, "reset", "--quiet", "--hard", commit);
        return this;
    }

    /// <summary>Drops reflogs and unreachable objects, so commits removed by a force-push are really gone from the server.</summary>
    public GitRepoBuilder PruneUnreachable()
    {
        GitCli.Run(Directory, "reflog", "expire", "--expire=now", "--all");
        GitCli.Run(Directory, "gc", "--quiet", "--prune=now");
        return this;
    }

    /// <summary>Deletes a branch that is not checked out.</summary>
    public GitRepoBuilder DeleteBranch(string branch)
    {
        GitCli.Run(Directory, "branch", "--quiet", "-D", branch);
        return this;
    }

    /// <summary>Sets a repository config value (for example uploadpack.allowReachableSHA1InWant).</summary>
    public GitRepoBuilder Config(string key, string value)
    {
        GitCli.Run(Directory, "config", key, value);
        return this;
    }
}
