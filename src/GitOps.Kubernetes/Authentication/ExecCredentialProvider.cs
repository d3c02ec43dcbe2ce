using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOps.Kubernetes.Authentication;

/// <summary>
/// Runs an exec credential plugin (client.authentication.k8s.io v1/v1beta1) and caches its token until
/// shortly before expirationTimestamp. Concurrent callers share one run under a lock.
/// </summary>
public sealed class ExecCredentialProvider(ExecPluginSpec spec, TimeProvider timeProvider) : IAccessTokenProvider, IDisposable
{
    private const int MaxOutputChars = 1024 * 1024;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile CachedToken? _cached;

    /// <summary>The plugin this provider runs.</summary>
    public ExecPluginSpec Spec { get; } = spec;

    /// <inheritdoc />
    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (IsFresh(_cached) is { } token)
        {
            return token;
        }

        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller may have refreshed while this one waited.
            if (IsFresh(_cached) is { } refreshed)
            {
                return refreshed;
            }

            var cached = await RunAsync(cancellationToken).ConfigureAwait(false);
            _cached = cached;
            return cached.Token;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <inheritdoc />
    public void Invalidate() => _cached = null;

    /// <inheritdoc />
    public void Dispose() => _refresh.Dispose();

    private string? IsFresh(CachedToken? cached) =>
        cached is not null && (cached.ExpiresAt is null || timeProvider.GetUtcNow() < cached.ExpiresAt.Value - Spec.RefreshBeforeExpiry)
            ? cached.Token
            : null;

    private async Task<CachedToken> RunAsync(CancellationToken cancellationToken)
    {
        if (string.Equals(Spec.InteractiveMode, "Always", StringComparison.OrdinalIgnoreCase))
        {
            throw Fail("requires interactiveMode Always, but this client never runs interactively");
        }

        var startInfo = new ProcessStartInfo(Spec.Command)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in Spec.Args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in Spec.Env)
        {
            startInfo.Environment[name] = value;
        }

        startInfo.Environment["KUBERNETES_EXEC_INFO"] = BuildExecInfo();

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            var hint = string.IsNullOrWhiteSpace(Spec.InstallHint) ? "" : $"\n{Spec.InstallHint.Trim()}";
            throw Fail($"cannot be started: {e.Message}{hint}", e);
        }

        process.StandardInput.Close();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Spec.Timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
        }
        catch (OperationCanceledException e)
        {
            Kill(process);
            cancellationToken.ThrowIfCancellationRequested();
            throw Fail($"did not finish within {Spec.Timeout.TotalSeconds:0.#} s", e);
        }

        if (process.ExitCode != 0)
        {
            throw Fail($"exited with code {process.ExitCode}: {Truncate(stderr.Result.Trim(), 500)}");
        }

        return Parse(stdout.Result);
    }

    private string BuildExecInfo()
    {
        var spec = new JsonObject { ["interactive"] = false };
        if (Spec.ClusterInfo is { } cluster)
        {
            var clusterNode = new JsonObject { ["server"] = cluster.Server };
            if (cluster.CertificateAuthorityData is not null)
            {
                clusterNode["certificate-authority-data"] = cluster.CertificateAuthorityData;
            }

            if (cluster.InsecureSkipTlsVerify)
            {
                clusterNode["insecure-skip-tls-verify"] = true;
            }

            if (cluster.TlsServerName is not null)
            {
                clusterNode["tls-server-name"] = cluster.TlsServerName;
            }

            spec["cluster"] = clusterNode;
        }

        return new JsonObject
        {
            ["apiVersion"] = Spec.ApiVersion,
            ["kind"] = "ExecCredential",
            ["spec"] = spec,
        }.ToJsonString();
    }

    private CachedToken Parse(string output)
    {
        if (output.Length > MaxOutputChars)
        {
            throw Fail($"printed more than {MaxOutputChars} characters");
        }

        JsonObject? credential;
        try
        {
            credential = JsonNode.Parse(output) as JsonObject;
        }
        catch (JsonException e)
        {
            throw Fail("did not print an ExecCredential JSON object", e);
        }

        if (credential is null || (string?)credential["kind"] != "ExecCredential")
        {
            throw Fail("did not print an ExecCredential (kind is missing or different)");
        }

        var apiVersion = (string?)credential["apiVersion"];
        if (!string.Equals(apiVersion, Spec.ApiVersion, StringComparison.Ordinal))
        {
            throw Fail($"printed apiVersion '{apiVersion}', but the kubeconfig asks for '{Spec.ApiVersion}'");
        }

        if (credential["status"] is not JsonObject status)
        {
            throw Fail("printed an ExecCredential without status");
        }

        var token = (string?)status["token"];
        if (string.IsNullOrWhiteSpace(token))
        {
            var reason = status["clientCertificateData"] is not null
                ? "returned a client certificate instead of a token; client certificates from exec plugins are not supported"
                : "printed an ExecCredential without status.token";
            throw Fail(reason);
        }

        DateTimeOffset? expiresAt = null;
        if ((string?)status["expirationTimestamp"] is { Length: > 0 } stamp)
        {
            if (!DateTimeOffset.TryParse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                throw Fail($"printed an invalid expirationTimestamp '{stamp}'");
            }

            expiresAt = parsed;
        }

        return new CachedToken(token, expiresAt);
    }

    private KubernetesCredentialException Fail(string problem, Exception? inner = null) =>
        new($"exec plugin '{Spec.Command}' of kubeconfig user '{Spec.UserName}' {problem}", inner);

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

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    private sealed record CachedToken(string Token, DateTimeOffset? ExpiresAt);
}
