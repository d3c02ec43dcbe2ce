using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GitOps.Functions.Hosting;

/// <summary>Validates every runtime options class before anything starts, so a bad setting stops startup with its name.</summary>
public static class StartupValidation
{
    /// <summary>Reads each options value; throws <see cref="OptionsValidationException"/> listing every failure.</summary>
    /// <param name="services">The composed services.</param>
    /// <param name="queueTrigger">Whether this process runs the queue trigger (a host), so host.json's queue settings matter; a CLI verb does not.</param>
    public static void ValidateAll(IServiceProvider services, bool queueTrigger = true)
    {
        ArgumentNullException.ThrowIfNull(services);
        var failures = new List<string>();
        Check<StorageOptions>(services, failures);
        if (queueTrigger)
        {
            Check<QueueTriggerOptions>(services, failures);
        }

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
