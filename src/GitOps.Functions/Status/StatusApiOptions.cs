namespace GitOps.Functions.Status;

/// <summary>Settings of the HTTP status API (section GitOps:Api).</summary>
public sealed class StatusApiOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "GitOps:Api";

    /// <summary>Standalone mode: the bearer token callers must send. Unset means every request is refused unless <see cref="AllowAnonymous"/>.</summary>
    public string? Token { get; set; }

    /// <summary>Standalone mode, local development only: answer without a token when none is configured.</summary>
    public bool AllowAnonymous { get; set; }
}
