using GitOps.Functions.Hosting;

namespace GitOps.Functions.Catalog;

/// <summary>The one place that declares the app's functions and their bindings (function.json is generated from it).</summary>
/// <remarks>
/// HTTP functions come from the registered <see cref="IHttpFunction"/> services; the sync queue trigger and the drift timer are
/// fixed. The drift schedule is written as <c>%GitOps__DriftSchedule%</c> so that the Functions host resolves it from the app
/// setting (it resolves %Setting% in schedules): operators change the schedule without redeploying, and standalone mode reads the
/// same setting (GitOps:DriftSchedule). The template therefore always sets it.
/// </remarks>
public sealed class FunctionCatalog
{
    /// <summary>The app setting (and connection name) holding the storage account.</summary>
    public const string StorageConnection = "AzureWebJobsStorage";

    /// <summary>The queue-triggered sync function.</summary>
    public const string SyncFunction = "sync";

    /// <summary>The queue the sync function listens on.</summary>
    public const string SyncQueue = "gitops-sync";

    /// <summary>The sync trigger's binding name (Data.job in invocations).</summary>
    public const string SyncTriggerBinding = "job";

    /// <summary>The sync function's queue output for messages that can never be processed (custom-handler mode).</summary>
    public const string PoisonOutputBinding = "poison";

    /// <summary>The timer-triggered drift sweep function.</summary>
    public const string DriftFunction = "drift";

    /// <summary>The drift trigger's binding name (Data.timer in invocations).</summary>
    public const string DriftTriggerBinding = "timer";

    /// <summary>The schedule as function.json writes it: resolved by the host from the app setting.</summary>
    public const string DriftScheduleExpression = "%" + DriftOptions.ScheduleAppSetting + "%";

    /// <summary>Creates the catalog from the registered HTTP functions.</summary>
    public FunctionCatalog(IEnumerable<IHttpFunction> httpFunctions)
    {
        ArgumentNullException.ThrowIfNull(httpFunctions);
        HttpFunctions = httpFunctions.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        var functions = new List<FunctionDefinition>();
        foreach (var http in HttpFunctions)
        {
            functions.Add(new FunctionDefinition(http.Name,
            [
                new HttpTriggerBinding("req", http.AuthLevel, http.Methods, http.Route),
                new HttpOutputBinding("res"),
            ]));
        }

        functions.Add(new FunctionDefinition(SyncFunction,
        [
            new QueueTriggerBinding(SyncTriggerBinding, SyncQueue, StorageConnection),
            new QueueOutputBinding(PoisonOutputBinding, PoisonQueueName(SyncQueue)!, StorageConnection),
        ]));
        functions.Add(new FunctionDefinition(DriftFunction,
        [
            new TimerTriggerBinding(DriftTriggerBinding, DriftScheduleExpression, RunOnStartup: false, UseMonitor: true),
        ]));

        var duplicate = functions.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two functions are named '{duplicate.Key}'; function names must be unique.");
        }

        Functions = functions;
    }

    /// <summary>Every function, HTTP functions first (sorted by name), then sync and drift.</summary>
    public IReadOnlyList<FunctionDefinition> Functions { get; }

    /// <summary>The registered HTTP functions, sorted by name.</summary>
    public IReadOnlyList<IHttpFunction> HttpFunctions { get; }

    /// <summary>The poison queue of a queue as the Functions host names it, or null when it has none (PLATFORM.md §B).</summary>
    public static string? PoisonQueueName(string queueName)
    {
        ArgumentNullException.ThrowIfNull(queueName);
        const string suffix = "-poison";
        if (queueName.EndsWith(suffix, StringComparison.Ordinal) || queueName.Length + suffix.Length > 63)
        {
            return null;
        }

        return queueName + suffix;
    }
}
