using System.Diagnostics;

namespace GitOps.Cli.Demo;

/// <summary>The demo's Git side: a bare "origin" repository and a work tree seeded from the embedded example app.</summary>
internal sealed class DemoRepository
{
    private const string ResourcePrefix = "demo/";

    private DemoRepository(string root)
    {
        Origin = Path.Combine(root, "origin.git");
        WorkTree = Path.Combine(root, "work");
    }

    /// <summary>The bare repository the engine fetches from (a file path source).</summary>
    public string Origin { get; }

    /// <summary>The developer's clone.</summary>
    public string WorkTree { get; }

    /// <summary>Creates origin and the work tree with the example app (not yet committed).</summary>
    public static async Task<DemoRepository> CreateAsync(string root, CancellationToken cancellationToken)
    {
        var repo = new DemoRepository(root);
        Directory.CreateDirectory(repo.WorkTree);
        await GitAsync(root, cancellationToken, "init", "--bare", "--initial-branch=main", repo.Origin);
        await GitAsync(repo.WorkTree, cancellationToken, "init", "--initial-branch=main", ".");
        await GitAsync(repo.WorkTree, cancellationToken, "remote", "add", "origin", repo.Origin);
        var assembly = typeof(DemoRepository).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var path = Path.Combine(repo.WorkTree, name[ResourcePrefix.Length..].Replace('\\', '/'));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using var resource = assembly.GetManifestResourceStream(name)!;
            await using var file = File.Create(path);
            await resource.CopyToAsync(file, cancellationToken);
        }

        return repo;
    }

    /// <summary>Commits everything and pushes to origin; returns (before, after) commits.</summary>
    public async Task<(string Before, string After)> CommitAndPushAsync(string message, CancellationToken cancellationToken)
    {
        var before = await TryHeadAsync(cancellationToken) ?? new string('0', 40);
        await GitAsync(WorkTree, cancellationToken, "add", "-A");
        await GitAsync(WorkTree, cancellationToken, "-c", "user.name=GitOps Demo", "-c", "user.email=demo@gitops-functions.local", "commit", "-q", "-m", message);
        await GitAsync(WorkTree, cancellationToken, "push", "-q", "origin", "main");
        return (before, (await GitAsync(WorkTree, cancellationToken, "rev-parse", "HEAD")).Trim());
    }

    /// <summary>Paths changed between two commits (all files when <paramref name="before"/> is the zero commit).</summary>
    public async Task<IReadOnlyList<string>> ChangedPathsAsync(string before, string after, CancellationToken cancellationToken)
    {
        var output = before.All(c => c == '0')
            ? await GitAsync(WorkTree, cancellationToken, "ls-tree", "-r", "--name-only", after)
            : await GitAsync(WorkTree, cancellationToken, "diff", "--name-only", before, after);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private async Task<string?> TryHeadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await GitAsync(WorkTree, cancellationToken, "rev-parse", "--verify", "-q", "HEAD")).Trim();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static async Task<string> GitAsync(string directory, CancellationToken cancellationToken, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start git");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode == 0 ? await stdout : throw new InvalidOperationException($"git {args[0]} failed: {(await stderr).Trim()}");
    }
}
