using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace GitOps.Testing.Webhooks;

/// <summary>Signs and verifies payloads with GitHub's own methods, <c>@octokit/webhooks-methods</c>' <c>sign</c> and <c>verify</c>, run through node.</summary>
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

    private const string VerifyScript = """
        const { verify } = await import(process.env.GITOPS_SIGNER_MODULE);
        let input = "";
        for await (const chunk of process.stdin) input += chunk;
        const out = [];
        for (const item of JSON.parse(input)) out.push(String(await verify(item.secret, item.payload, item.signature)));
        process.stdout.write(JSON.stringify(out));
        """;

    /// <summary>Signs every (secret, payload) pair in one node invocation; returns the <c>sha256=...</c> header values in order.</summary>
    public static Task<IReadOnlyList<string>> SignAsync(IReadOnlyList<(string Secret, string Payload)> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        return RunAsync(Script, items.Select(i => new Dictionary<string, string> { ["secret"] = i.Secret, ["payload"] = i.Payload }).ToList(), cancellationToken);
    }

    /// <summary>Asks GitHub's reference verifier whether each header value is the signature of (secret, payload); answers in order.</summary>
    public static async Task<IReadOnlyList<bool>> VerifyAsync(IReadOnlyList<(string Secret, string Payload, string Signature)> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var answers = await RunAsync(VerifyScript, items.Select(i => new Dictionary<string, string> { ["secret"] = i.Secret, ["payload"] = i.Payload, ["signature"] = i.Signature }).ToList(), cancellationToken);
        return [.. answers.Select(a => a == "true")];
    }

    private static async Task<IReadOnlyList<string>> RunAsync(string script, List<Dictionary<string, string>> items, CancellationToken cancellationToken)
    {
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
        psi.ArgumentList.Add(script);
        psi.Environment["NODE_PATH"] = ToolPaths.NodeModules;
        psi.Environment["GITOPS_SIGNER_MODULE"] = new Uri(module).AbsoluteUri;

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("node did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var input = JsonSerializer.Serialize(items);
        await process.StandardInput.WriteAsync(input.AsMemory(), cancellationToken);
        process.StandardInput.Close();
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"node (octokit webhooks-methods) exited with {process.ExitCode}: {await stderr}");
        }

        var answers = JsonSerializer.Deserialize<List<string>>(await stdout) ?? [];
        return answers.Count == items.Count
            ? answers
            : throw new InvalidOperationException($"node (octokit webhooks-methods) returned {answers.Count} answers for {items.Count} items.");
    }
}
