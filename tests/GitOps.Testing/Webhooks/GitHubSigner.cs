using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace GitOps.Testing.Webhooks;

/// <summary>Signs payloads with GitHub's own signer, <c>@octokit/webhooks-methods</c>' <c>sign(secret, payload)</c>, run through node.</summary>
public static class GitHubSigner
{
    // The package is ESM-only, and ESM ignores NODE_PATH, so the module is imported by its file URL.
    private const string Script = """
        const { sign } = await import(process.env.GITOPS_SIGNER_MODULE);
        let input = "";
        for await (const chunk of process.stdin) input += chunk;
        const out = [];
        for (const item of JSON.parse(input)) out.push(await sign(item.secret, item.payload));
        process.stdout.write(JSON.stringify(out));
        """;

    /// <summary>Signs every (secret, payload) pair in one node invocation; returns the <c>sha256=...</c> header values in order.</summary>
    public static async Task<IReadOnlyList<string>> SignAsync(IReadOnlyList<(string Secret, string Payload)> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var module = Path.Combine(ToolPaths.NodeModules, "@octokit", "webhooks-methods", "dist-node", "index.js");
        if (!File.Exists(module))
        {
            throw new FileNotFoundException($"{module} is missing: run scripts/install-tools.sh.", module);
        }

        var psi = new ProcessStartInfo(ToolPaths.Node)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        psi.ArgumentList.Add("--input-type=module");
        psi.ArgumentList.Add("-e");
        psi.ArgumentList.Add(Script);
        psi.Environment["NODE_PATH"] = ToolPaths.NodeModules;
        psi.Environment["GITOPS_SIGNER_MODULE"] = new Uri(module).AbsoluteUri;

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("node did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var input = JsonSerializer.Serialize(items.Select(i => new Dictionary<string, string> { ["secret"] = i.Secret, ["payload"] = i.Payload }).ToList());
        await process.StandardInput.WriteAsync(input.AsMemory(), cancellationToken);
        process.StandardInput.Close();
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"node signer exited with {process.ExitCode}: {await stderr}");
        }

        var signatures = JsonSerializer.Deserialize<List<string>>(await stdout) ?? [];
        return signatures.Count == items.Count
            ? signatures
            : throw new InvalidOperationException($"node signer returned {signatures.Count} signatures for {items.Count} payloads.");
    }
}
