using System.Diagnostics;
using System.Text;
using GitOps.Testing;

namespace GitOps.EndToEnd.Tests.Support;

/// <summary>`gitops serve` as a real child process (dotnet gitops.dll) on a free loopback port.</summary>
public sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private ServeProcess(Process process, int port)
    {
        this.process = process;
        Port = port;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    public bool HasExited => process.HasExited;

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static string GitopsDll => Path.Combine(AppContext.BaseDirectory, "gitops.dll");

    /// <summary>Starts `gitops serve` with exactly these settings (plus PATH/HOME/DOTNET_*), in an empty working directory.</summary>
    public static ServeProcess Start(IReadOnlyDictionary<string, string?> settings) => Start(settings, FreePort.Next());

    /// <summary>Starts `gitops serve --port <paramref name="port"/>`.</summary>
    public static ServeProcess Start(IReadOnlyDictionary<string, string?> settings, int port)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Directory.CreateTempSubdirectory("gitops-serve-").FullName,
        };
        start.ArgumentList.Add(GitopsDll);
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        foreach (var key in start.Environment.Keys.ToList())
        {
            if (key.StartsWith("AzureWebJobs", StringComparison.OrdinalIgnoreCase) || key.StartsWith("GitOps", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("FUNCTIONS_", StringComparison.OrdinalIgnoreCase) || key.StartsWith("AzureFunctionsJobHost", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(key);
            }
        }

        start.Environment["Logging__LogLevel__Default"] = "Information";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        return new ServeProcess(Process.Start(start)!, port);
    }

    /// <summary>Waits until /api/healthz answers 200, failing early if the process exits.</summary>
    public async Task WaitUntilReadyAsync() => await WaitUntilAnswersAsync("/api/healthz");

    /// <summary>Waits until <paramref name="path"/> answers 2xx, failing early if the process exits.</summary>
    public async Task WaitUntilAnswersAsync(string path)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.TrueAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"gitops serve exited with {process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{Port}{path}"));
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, $"gitops serve to answer {path}");
    }

    /// <summary>Waits for the process to exit on its own (bounded) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(deadline.Token);
        process.WaitForExit();
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(deadline.Token);
        }

        var workingDirectory = process.StartInfo.WorkingDirectory;
        process.Dispose();
        if (Directory.Exists(workingDirectory))
        {
            Directory.Delete(workingDirectory, recursive: true);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
