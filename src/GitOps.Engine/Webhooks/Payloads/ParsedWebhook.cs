namespace GitOps.Engine.Webhooks.Payloads;

/// <summary>What a verified delivery turned out to be.</summary>
public abstract record ParsedWebhook;

/// <summary>A push of one or more refs.</summary>
public sealed record PushReceived(IReadOnlyList<RefPush> Refs) : ParsedWebhook;

/// <summary>A hook test (GitHub ping, Bitbucket diagnostics:ping).</summary>
public sealed record PingReceived : ParsedWebhook;

/// <summary>An event the engine does not act on, with the reason returned to the sender.</summary>
public sealed record EventIgnored(string Reason) : ParsedWebhook;
