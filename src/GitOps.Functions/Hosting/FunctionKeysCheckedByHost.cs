namespace GitOps.Functions.Hosting;

/// <summary>Registered by the Function App: the Functions host checks function keys before a request with auth level "function" reaches a body.</summary>
/// <remarks>`gitops serve` does not register it, so the status API asks for its own bearer token there.</remarks>
public sealed class FunctionKeysCheckedByHost;
