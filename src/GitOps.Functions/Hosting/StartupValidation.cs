using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GitOps.Functions.Hosting;

/// <summary>Validates every runtime options class before anything starts, so a bad setting stops startup with its name.</summary>
public static class StartupValidation
{
    /// <summary>Reads each options value; throws <see cref="OptionsValidationException"/> listing every failure.</summary>
    public static void ValidateAll(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var failures = new List<string>();
        Check<StorageOptions>(services, failures);
        Check<QueueTriggerOptions>(services, failures);
        Check<DriftOptions>(services, failures);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException("settings", typeof(StartupValidation), failures);
        }
    }

    private static void Check<T>(IServiceProvider services, List<string> failures)
        where T : class
    {
        try
        {
            _ = services.GetRequiredService<IOptions<T>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            failures.AddRange(ex.Failures);
        }
    }
}
