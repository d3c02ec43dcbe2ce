using GitOps.Engine.Apps;
using GitOps.Engine.Configuration;
using GitOps.Engine.Drift.Sweep;
using GitOps.Engine.Rendering;
using GitOps.Engine.Secrets;
using GitOps.Engine.Secrets.KeyVault;
using GitOps.Engine.Sources;
using GitOps.Engine.Status;
using GitOps.Engine.Sync;
using GitOps.Kubernetes.Client;
using GitOps.Kubernetes.Configuration;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GitOps.Functions.Hosting;

/// <summary>Registers the engine's ports with their real implementations: git sources, the app catalog, renderers, and cluster clients (the table-backed stores are registered by StorageRegistration).</summary>
public static class EngineRegistration
{
    /// <summary>Adds GitOpsOptions (section "GitOps", validated at start) and everything the sync, drift and webhook bodies need.</summary>
    public static IServiceCollection AddGitOpsEngine(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<GitOpsOptions>().BindConfiguration(GitOpsOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GitOpsOptions>, GitOpsOptionsValidator>());
        services.AddOptions<SyncPipelineOptions>().BindConfiguration(SyncPipelineOptions.SectionName);

        services.TryAddSingleton(sp => Bind(sp, "GitOps:Git", new GitFetcherOptions()));
        services.TryAddSingleton(sp => Bind(sp, "GitOps:Tools", RenderOptions.Default));
        services.TryAddSingleton<ISourceFetcher>(sp => new GitSourceFetcher(
            Options(sp), sp.GetRequiredService<GitFetcherOptions>(), sp.GetRequiredService<ILogger<GitSourceFetcher>>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IAppCatalog>(sp => new GitAppCatalog(sp.GetRequiredService<ISourceFetcher>(), Options(sp)));
        // SOPS: azure_kv data keys are unwrapped with the app's identity (AZURE_CLIENT_ID picks a user-assigned one).
        services.TryAddSingleton(_ => new KeyVaultAccess(new DefaultAzureCredential(), new KeyVaultUnwrapOptions()));
        services.TryAddSingleton<IKeyVaultKeyUnwrapper>(sp =>
        {
            var access = sp.GetRequiredService<KeyVaultAccess>();
            return new KeyVaultKeyUnwrapper(access.Credential, access.Options);
        });
        services.TryAddSingleton<ISopsKeyrings>(sp => new SourceSopsKeyrings(Options(sp), sp.GetRequiredService<IKeyVaultKeyUnwrapper>()));
        services.TryAddSingleton<IAppRenderer>(sp => new AppRenderer(sp.GetRequiredService<RenderOptions>(), Options(sp), keyrings: sp.GetRequiredService<ISopsKeyrings>()));
        services.TryAddSingleton<IKubernetesClientFactory>(sp => new KubernetesClientFactory(
            Options(sp).Clusters.ToDictionary(c => c.Key, c => (ClusterConnectionOptions)c.Value, StringComparer.OrdinalIgnoreCase),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>()));
        return services;
    }

    private static GitOpsOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<GitOpsOptions>>().Value;

    private static T Bind<T>(IServiceProvider sp, string section, T defaults)
        where T : class => sp.GetRequiredService<IConfiguration>().GetSection(section).Get<T>() ?? defaults;
}
