using System.Text.Json.Nodes;
using GitOps.Kubernetes;
using GitOps.Kubernetes.Client;

namespace GitOps.Engine.Inventory;

/// <summary>Reads and writes an app's ApplySet parent Secret in the cluster.</summary>
public static class ApplySetParentStore
{
    private static readonly GroupVersionKind SecretGvk = new("", "v1", "Secret");

    /// <summary>Reads the parent; null when it does not exist. Refuses a parent managed by other tooling.</summary>
    public static async Task<ApplySetParent?> ReadAsync(IKubernetesClient client, string name, string ns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var secret = await client.GetAsync(SecretGvk, ns, name, cancellationToken);
        if (secret is null)
        {
            return null;
        }

        var tooling = ((secret["metadata"] as JsonObject)?["annotations"] as JsonObject)?[ApplySetLabels.Tooling]?.GetValue<string>();
        if (tooling is not null && !tooling.StartsWith("gitops-functions/", StringComparison.Ordinal))
        {
            throw new ApplySetException($"ApplySet parent Secret {ns}/{name} is managed by '{tooling}', not gitops-functions; refusing to use it.");
        }

        if (tooling is null)
        {
            throw new ApplySetException($"Secret {ns}/{name} exists but is not an ApplySet parent (no {ApplySetLabels.Tooling} annotation); refusing to take it over.");
        }

        return ApplySetParentCodec.FromSecret(secret);
    }

    /// <summary>Creates the parent with server-side apply, or updates an existing one with a merge patch (no extra apply request per sync).</summary>
    public static async Task WriteAsync(IKubernetesClient client, ApplySetParent parent, string app, bool exists, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(parent);
        var secret = ApplySetParentCodec.ToSecret(parent, app);
        if (!exists)
        {
            await client.ApplyAsync(secret, new ApplyOptions(Sync.SyncAnnotations.FieldManager, Force: true), cancellationToken);
            return;
        }

        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["labels"] = secret["metadata"]!["labels"]!.DeepClone(),
                ["annotations"] = secret["metadata"]!["annotations"]!.DeepClone(),
            },
            ["data"] = secret["data"]!.DeepClone(),
        };
        await client.MergePatchAsync(SecretGvk, parent.Namespace, parent.Name, patch, cancellationToken: cancellationToken);
    }
}
