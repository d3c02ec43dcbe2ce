namespace GitOps.Engine.Webhooks;

/// <summary>The headers of one delivery that matter, read per provider (docs/architecture.md, platform facts).</summary>
/// <param name="Event">Event name (X-GitHub-Event, X-Gitlab-Event, X-Gitea-Event/X-Forgejo-Event, X-Event-Key).</param>
/// <param name="DeliveryId">Idempotency key, unchanged on redelivery (X-GitHub-Delivery, X-Gitlab-Event-UUID or Idempotency-Key, X-Gitea-Delivery/X-Forgejo-Delivery, X-Request-UUID).</param>
/// <param name="Signature">Signature or token header value (X-Hub-Signature-256, X-Gitlab-Token, X-Gitea-Signature/X-Forgejo-Signature, X-Hub-Signature).</param>
public sealed record WebhookHeaders(string? Event, string? DeliveryId, string? Signature)
{
    /// <summary>Reads the provider's headers from a case-insensitive header map.</summary>
    public static WebhookHeaders Parse(WebhookProvider provider, IReadOnlyDictionary<string, string> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        string? Get(string name) => headers.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

        return provider switch
        {
            WebhookProvider.GitHub => new(Get("X-GitHub-Event"), Get("X-GitHub-Delivery"), Get("X-Hub-Signature-256")),
            // Idempotency-Key is the newer, documented retry key; the event UUID is older and also stable on retries.
            WebhookProvider.GitLab => new(Get("X-Gitlab-Event"), Get("Idempotency-Key") ?? Get("X-Gitlab-Event-UUID"), Get("X-Gitlab-Token")),
            WebhookProvider.Gitea => new(
                Get("X-Forgejo-Event") ?? Get("X-Gitea-Event"),
                Get("X-Forgejo-Delivery") ?? Get("X-Gitea-Delivery"),
                Get("X-Forgejo-Signature") ?? Get("X-Gitea-Signature")),
            WebhookProvider.Bitbucket => new(Get("X-Event-Key"), Get("X-Request-UUID"), Get("X-Hub-Signature")),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown webhook provider."),
        };
    }
}
