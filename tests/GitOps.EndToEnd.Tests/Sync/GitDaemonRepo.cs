using System.Diagnostics;
using System.Net.Sockets;
using GitOps.Testing;

namespace GitOps.EndToEnd.Tests.Sync;

/// <summary>A git repository served by `git daemon` on 127.0.0.1, with helpers to write files and commit.</summary>
internal sealed class GitDaemonRepo : IAsyncDisposable
{
    private readonly Process daemon;

    private GitDaemonRepo(string root, string work, Process daemon, int port)
    {
        Root = root;
        WorkTree = work;
        this.daemon = daemon;
        Url = $"git://127.0.0.1:{port}/repo.git";
    }

    public string Root { get; }
    public string WorkTree { get; }
    public string Url { get; }

    public static async Task<GitDaemonRepo> StartAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "sync-e2e-" + Guid.NewGuid().ToString("N")[..12]);
        var bare = Path.Combine(root, "serve", "repo.git");
        var work = Path.Combine(root, "work");
        Directory.CreateDirectory(bare);
        Directory.CreateDirectory(work);
        await GitAsync(bare, "init", "--bare", "-q", "-b", "main");
        await GitAsync(work, "init", "-q", "-b", "main");
        await GitAsync(work, "config", "user.email", "test@example.invalid");
        await GitAsync(work, "config", "user.name", "test");
        await GitAsync(work, "remote", "add", "origin", bare);
        var port = FreePort.Next();
        var start = new ProcessStartInfo(ToolPaths.Git) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "daemon", "--reuseaddr", "--export-all", "--listen=127.0.0.1", $"--port={port}", $"--base-path={Path.Combine(root, "serve")}", Path.Combine(root, "serve") })
        {
            start.ArgumentList.Add(a);
        }

        var daemon = Process.Start(start) ?? throw new InvalidOperationException("git daemon did not start");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync("127.0.0.1", port);
                break;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !daemon.HasExited)
            {
                await Task.Yield();
                await Task.Delay(50);
            }
        }

        return new GitDaemonRepo(root, work, daemon, port);
    }

    public void Write(string path, string content)
    {
        var full = Path.Combine(WorkTree, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    public void Delete(string path) => File.Delete(Path.Combine(WorkTree, path));

    /// <summary>Commits everything and pushes; returns the new commit id.</summary>
    public async Task<string> CommitAsync(string message)
    {
        await GitAsync(WorkTree, "add", "-A");
        await GitAsync(WorkTree, "commit", "-q", "--allow-empty", "-m", message);
        await GitAsync(WorkTree, "push", "-q", "origin", "main");
        return (await GitAsync(WorkTree, "rev-parse", "HEAD")).Trim();
    }

    public async ValueTask DisposeAsync()
    {
        if (!daemon.HasExited)
        {
            daemon.Kill(entireProcessTree: true);
            await daemon.WaitForExitAsync();
        }

        daemon.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private static async Task<string> GitAsync(string dir, params string[] args)
    {
        var start = new ProcessStartInfo(ToolPaths.Git) { WorkingDirectory = dir, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {await stderr}");
        }

        return await stdout;
    }
}
