using System.Diagnostics;

namespace GitOps.Testing.Git;

/// <summary>A real `git daemon` serving every repository under a temp base path on 127.0.0.1 (read-only, upload-pack).</summary>
public sealed class GitDaemon : IDisposable
{
    private readonly Process process;

    private GitDaemon(string basePath, int port, Process process)
    {
        BasePath = basePath;
        Port = port;
        this.process = process;
    }

    /// <summary>Folder whose repositories are served.</summary>
    public string BasePath { get; }

    /// <summary>The loopback port.</summary>
    public int Port { get; }

    /// <summary>The git:// URL of a repository under <see cref="BasePath"/>.</summary>
    public string UrlOf(string name) => $"git://127.0.0.1:{Port}/{name}";

    /// <summary>A new repository under the base path.</summary>
    public GitRepoBuilder CreateRepository(string name, string branch = "main") => new(Path.Combine(BasePath, name), branch);

    /// <summary>Starts a daemon and waits (bounded) until it says it is ready.</summary>
    public static GitDaemon Start(string basePath)
    {
        Directory.CreateDirectory(basePath);
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort.Next();
            var info = new ProcessStartInfo(ToolPaths.Git)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { "daemon", "--verbose", "--reuseaddr", "--export-all", "--enable=upload-pack", "--informative-errors", "--listen=127.0.0.1", $"--port={port}", $"--base-path={basePath}", basePath })
            {
                info.ArgumentList.Add(argument);
            }

            info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
            info.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
            var process = Process.Start(info) ?? throw new InvalidOperationException("git daemon did not start");
            var ready = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    ready.TrySetResult(false);
                }
                else if (e.Data.Contains("Ready to rumble", StringComparison.Ordinal))
                {
                    ready.TrySetResult(true);
                }
            };
            process.OutputDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            if (ready.Task.Wait(TimeSpan.FromSeconds(30)) && ready.Task.Result)
            {
                return new GitDaemon(basePath, port, process);
            }

            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }

            process.Dispose();
            if (attempt >= 3)
            {
                throw new InvalidOperationException("git daemon did not become ready");
            }
        }
    }

    /// <summary>Stops the daemon.</summary>
    public void Dispose()
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
        }

        process.Dispose();
    }
}
