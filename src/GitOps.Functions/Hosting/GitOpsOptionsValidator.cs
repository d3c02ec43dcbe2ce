using GitOps.Engine.Configuration;
using GitOps.Kubernetes.Configuration;
using Microsoft.Extensions.Options;

namespace GitOps.Functions.Hosting;

/// <summary>Checks sources and clusters at startup; each message names the setting (GitOps__Sources__x__Url, …).</summary>
public sealed class GitOpsOptionsValidator : IValidateOptions<GitOpsOptions>
{
    private static readonly string[] Providers = ["github", "gitlab", "gitea", "forgejo", "bitbucket"];

    public ValidateOptionsResult Validate(string? name, GitOpsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        foreach (var (source, s) in options.Sources)
        {
            if (string.IsNullOrWhiteSpace(s.Url))
            {
                errors.Add($"GitOps__Sources__{source}__Url is missing: the clone URL of source '{source}'.");
            }

            if (string.IsNullOrWhiteSpace(s.Branch))
            {
                errors.Add($"GitOps__Sources__{source}__Branch is empty.");
            }

            if (!Providers.Contains(s.Provider, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add($"GitOps__Sources__{source}__Provider is malformed: '{s.Provider}' is not one of {string.Join(", ", Providers)}.");
            }

            errors.AddRange(s.Decryption.Validate(source));
        }

        foreach (var (cluster, c) in options.Clusters)
        {
            try
            {
                c.Validate(cluster);
            }
            catch (KubernetesConfigurationException ex)
            {
                errors.Add(ex.Message);
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
