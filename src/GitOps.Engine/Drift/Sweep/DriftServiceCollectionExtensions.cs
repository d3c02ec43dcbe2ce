using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GitOps.Engine.Drift.Sweep;

/// <summary>Registers the drift sweep (IDriftSweeper) and its options; the host supplies IDriftStore and the engine's other ports.</summary>
public static class DriftServiceCollectionExtensions
{
    /// <summary>Adds <see cref="DriftSweeper"/> as the drift timer's body, with options from GitOps:Drift validated at startup.</summary>
    public static IServiceCollection AddGitOpsDrift(this IServiceCollection services)
    {
        services.AddOptions<DriftSweepOptions>().BindConfiguration(DriftSweepOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(sp => new DesiredStateCache(sp.GetRequiredService<IOptions<DriftSweepOptions>>().Value.DesiredCacheSize));
        services.TryAddSingleton<DriftSweeper>();
        services.Replace(ServiceDescriptor.Singleton<IDriftSweeper>(sp => sp.GetRequiredService<DriftSweeper>()));
        return services;
    }
}
