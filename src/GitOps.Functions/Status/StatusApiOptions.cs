namespace GitOps.Functions.Status;

/// <summary>Settings of the HTTP status API (section GitOps:Api).</summary>
public sealed class StatusApiOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "GitOps:Api";

    /// <summary>`gitops serve`: the bearer token callers must send. Unset means every request is refused unless <see cref="AllowAnonymous"/>.</summary>
    public string? Token { get; set; }

    /// <summary>`gitops serve`, local development only: answer without a token when none is configured.</summary>
    public bool AllowAnonymous { get; set; }
}
