namespace GitOps.Engine.Webhooks.Receiving;

/// <summary>One delivery as received: the provider from the route, the headers, the raw body bytes and the content type.</summary>
/// <param name="Provider">Route name: github, gitlab, gitea, forgejo or bitbucket.</param>
/// <param name="Headers">Request headers (looked up case-insensitively).</param>
/// <param name="Body">The raw body exactly as received (signatures are computed over it).</param>
/// <param name="ContentType">The Content-Type header.</param>
/// <param name="Authentication">The sources the body verified for while it was read (<see cref="DeliveryAuthenticator"/>); null to verify <paramref name="Body"/> here.</param>
public sealed record WebhookRequest(string Provider, IReadOnlyDictionary<string, string> Headers, ReadOnlyMemory<byte> Body, string? ContentType, WebhookAuthentication? Authentication = null);
