using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace GitOps.Testing.Azurite;

/// <summary>A real Azurite process (blob, queue, table) on its own automatic loopback ports, in memory.</summary>
/// <remarks>
/// Azurite is started with port 0 for every service and reports the ports it bound on stdout, so two
/// instances (or two test projects) never race for a port. <see cref="StopAsync"/> kills it mid-flight
/// for fault tests.
/// </remarks>
public sealed partial class AzuriteInstance : IAsyncDisposable
{
    /// <summary>The well-known development account.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>The well-known development account key (public, documented by Microsoft).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _output;
    private int _stopped;

    private AzuriteInstance(Process process, StringBuilder output, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        _output = output;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    /// <summary>The blob service port.</summary>
    public int BlobPort { get; }

    /// <summary>The queue service port.</summary>
    public int QueuePort { get; }

    /// <summary>The table service port.</summary>
    public int TablePort { get; }

    /// <summary>The queue endpoint (path-style, account included).</summary>
    public Uri QueueEndpoint => new($"http://127.0.0.1:{QueuePort}/{AccountName}");

    /// <summary>The table endpoint (path-style, account included).</summary>
    public Uri TableEndpoint => new($"http://127.0.0.1:{TablePort}/{AccountName}");

    /// <summary>The blob endpoint (path-style, account included).</summary>
    public Uri BlobEndpoint => new($"http://127.0.0.1:{BlobPort}/{AccountName}");

    /// <summary>A SharedKey connection string with explicit endpoints for this instance.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};TableEndpoint={TableEndpoint};";

    /// <summary>True once the process has exited or been stopped.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>CPU time Azurite's process has used so far (benchmarks divide it by the requests they made).</summary>
    public TimeSpan TotalProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Starts Azurite and waits until the queue and table ports accept connections.</summary>
    public static async Task<AzuriteInstance> StartAsync(CancellationToken cancellationToken = default)
    {
        var psi = new ProcessStartInfo(ToolPaths.Azurite)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var arg in new[]
                 {
                     "--silent", "--inMemoryPersistence", "--disableTelemetry", "--skipApiVersionCheck", "--loose",
                     "--blobHost", "127.0.0.1", "--blobPort", "0",
                     "--queueHost", "127.0.0.1", "--queuePort", "0",
                     "--tableHost", "127.0.0.1", "--tablePort", "0",
                 })
        {
            psi.ArgumentList.Add(arg);
        }

        // Diagnostics: GITOPS_AZURITE_DEBUG_LOG=<file> makes Azurite log every request it handles there.
        if (Environment.GetEnvironmentVariable("GITOPS_AZURITE_DEBUG_LOG") is { Length: > 0 } debugLog)
        {
            psi.ArgumentList.Add("--debug");
            psi.ArgumentList.Add(debugLog);
        }

        // A shared AZURITE_ACCOUNTS would replace devstoreaccount1; each instance uses the default account.
        psi.Environment.Remove("AZURITE_ACCOUNTS");

        var output = new StringBuilder();
        var ports = new Dictionary<string, int>(StringComparer.Ordinal);
        var allPorts = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) => allPorts.TrySetException(new InvalidOperationException("Azurite exited during start-up."));

        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
                var match = ListeningLine().Match(line);
                if (match.Success)
                {
                    ports[match.Groups["service"].Value] = int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture);
                    if (ports.Count == 3)
                    {
                        allPorts.TrySetResult();
                    }
                }
            }
        }

        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start Azurite ({ToolPaths.Azurite}).");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await allPorts.Task.WaitAsync(StartTimeout, cancellationToken).ConfigureAwait(false);
            AzuriteInstance instance;
            lock (output)
            {
                instance = new AzuriteInstance(process, output, ports["Blob"], ports["Queue"], ports["Table"]);
            }

            await WaitForPortAsync(instance.QueuePort, cancellationToken).ConfigureAwait(false);
            await WaitForPortAsync(instance.TablePort, cancellationToken).ConfigureAwait(false);
            return instance;
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or SocketException)
        {
            KillQuietly(process);
            string log;
            lock (output)
            {
                log = output.ToString();
            }

            process.Dispose();
            throw new InvalidOperationException($"Azurite did not become ready within {StartTimeout.TotalSeconds:0} s: {ex.Message}\nAzurite output:\n{log}", ex);
        }
    }

    /// <summary>What Azurite printed so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Kills Azurite and its child processes, and waits for it to exit. Idempotent.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        KillQuietly(_process);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The kill was delivered; a zombie that lingers is not worth failing a test over.
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static async Task WaitForPortAsync(int port, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (SocketException) when (clock.Elapsed < StartTimeout)
            {
                // Poll the condition (the port accepts) with a short pause, bounded by StartTimeout.
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at http://127\.0\.0\.1:(?<port>\d+)")]
    private static partial Regex ListeningLine();
}
