using System.Diagnostics;
using System.Text;

namespace GitOps.Engine.Rendering.Processes;

/// <summary>What to run: an executable, its arguments (never through a shell) and its environment.</summary>
public sealed record ToolInvocation(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>Working directory; null keeps the current one.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables to set (a null value removes the variable).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Kill the process tree after this long.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Kill the process when stdout grows beyond this many bytes.</summary>
    public long MaxOutputBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>A short name for messages ("git fetch", "helm template").</summary>
    public string DisplayName { get; init; } = "";

    /// <summary>Text written to the process's standard input, which is then closed; null closes it at once.</summary>
    public string? StandardInput { get; init; }

    /// <summary>Keep standard output as bytes (<see cref="ToolResult.OutputBytes"/>) instead of decoding it as text.</summary>
    public bool BinaryOutput { get; init; }
}

/// <summary>How a tool run ended.</summary>
public sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Standard output as bytes, for a <see cref="ToolInvocation.BinaryOutput"/> run (StandardOutput is empty then).</summary>
    public byte[]? OutputBytes { get; init; }
}

/// <summary>Why a tool run was stopped before it finished.</summary>
public enum ToolFailure
{
    /// <summary>The executable could not be started.</summary>
    NotStarted,

    /// <summary>The run exceeded its timeout; the process tree was killed.</summary>
    TimedOut,

    /// <summary>The run wrote more than the output cap; the process tree was killed.</summary>
    OutputTooLarge,
}

/// <summary>A tool run was stopped (timeout, output cap) or could not start.</summary>
public sealed class ToolRunException : Exception
{
    public ToolRunException(ToolFailure failure, string message, Exception? inner = null) : base(message, inner) => Failure = failure;

    public ToolRunException() { }

    public ToolRunException(string message) : base(message) { }

    public ToolRunException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Why the run stopped.</summary>
    public ToolFailure Failure { get; }
}

/// <summary>Runs external tools (git, kubectl, helm) asynchronously with a timeout and an output cap, killing the whole process tree when either is hit.</summary>
public static class ToolRunner
{
    /// <summary>Runs the tool to completion; a non-zero exit code is returned, not thrown.</summary>
    public static async Task<ToolResult> RunAsync(ToolInvocation invocation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var name = invocation.DisplayName.Length > 0 ? invocation.DisplayName : Path.GetFileName(invocation.FileName);
        var info = new ProcessStartInfo(invocation.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        };
        foreach (var argument in invocation.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (invocation.WorkingDirectory is not null)
        {
            info.WorkingDirectory = invocation.WorkingDirectory;
        }

        foreach (var (key, value) in invocation.Environment)
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new ToolRunException(ToolFailure.NotStarted, $"{name}: cannot start '{invocation.FileName}': {ex.Message}", ex);
        }

        // Written while the output is read, so a tool that answers as it reads cannot block on a full pipe.
        var stdinTask = WriteInputAsync(process.StandardInput, invocation.StandardInput);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(invocation.Timeout);
        var capHit = false;
        var onCap = () =>
        {
            capHit = true;
            Kill(process);
        };
        var bytesTask = invocation.BinaryOutput ? ReadCappedBytesAsync(process.StandardOutput.BaseStream, invocation.MaxOutputBytes, onCap) : Task.FromResult<byte[]?>(null);
        var stdoutTask = invocation.BinaryOutput ? Task.FromResult("") : ReadCappedAsync(process.StandardOutput, invocation.MaxOutputBytes, onCap);
        var stderrTask = ReadCappedAsync(process.StandardError, 1024 * 1024, () => { });
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            await Task.WhenAll(stdoutTask, stderrTask, stdinTask, bytesTask).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw new ToolRunException(ToolFailure.TimedOut, $"{name} did not finish within {invocation.Timeout.TotalSeconds:0} s and was stopped");
        }

        await stdinTask.ConfigureAwait(false);
        var bytes = await bytesTask.ConfigureAwait(false);
        var stdout = await stdoutTask.ConfigureAwait(false);
        var stderr = await stderrTask.ConfigureAwait(false);
        if (capHit)
        {
            throw new ToolRunException(ToolFailure.OutputTooLarge, $"{name} wrote more than {invocation.MaxOutputBytes / (1024 * 1024)} MiB of output and was stopped");
        }

        return new ToolResult(process.ExitCode, stdout, stderr) { OutputBytes = bytes };
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private static async Task WriteInputAsync(StreamWriter writer, string? input)
    {
        try
        {
            if (input is not null)
            {
                await writer.WriteAsync(input).ConfigureAwait(false);
            }

            writer.Close();
        }
        catch (IOException)
        {
            // The process exited without reading all of it; its exit code says what happened.
        }
    }

    private static async Task<byte[]?> ReadCappedBytesAsync(Stream stream, long maxBytes, Action onCap)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        var capped = false;
        int read;
        while ((read = await stream.ReadAsync(chunk).ConfigureAwait(false)) > 0)
        {
            if (capped)
            {
                continue;
            }

            if (buffer.Length + read > maxBytes)
            {
                capped = true;
                onCap();
                continue;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static async Task<string> ReadCappedAsync(StreamReader reader, long maxBytes, Action onCap)
    {
        var builder = new StringBuilder();
        var buffer = new char[16 * 1024];
        long total = 0;
        var capped = false;
        int read;
        while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            if (capped)
            {
                continue;
            }

            total += read;
            if (total > maxBytes)
            {
                capped = true;
                onCap();
                continue;
            }

            builder.Append(buffer, 0, read);
        }

        return builder.ToString();
    }
}
