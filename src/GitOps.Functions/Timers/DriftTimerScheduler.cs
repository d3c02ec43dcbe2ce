using GitOps.Functions.Catalog;
using GitOps.Functions.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NCrontab;

namespace GitOps.Functions.Timers;

/// <summary>Standalone mode's timer trigger for the drift function: NCRONTAB with seconds, UTC, past-due detection, runOnStartup, lease.</summary>
/// <remarks>
/// At startup a missed occurrence (the stored Next is in the past) fires once with IsPastDue=true; otherwise runOnStartup fires
/// once. Then it fires at each occurrence. Each run needs the timer lease; an occurrence another instance already ran
/// (stored Last at or after it) is skipped. Failures are logged and the schedule continues, as in the host.
/// </remarks>
public sealed partial class DriftTimerScheduler(
    TimerStateStore store,
    DriftInvoker invoker,
    IOptions<DriftOptions> driftOptions,
    IOptions<RuntimeOptions> runtimeOptions,
    TimeProvider time,
    ILogger<DriftTimerScheduler> logger) : BackgroundService
{
    private const string Name = FunctionCatalog.DriftFunction;
    private readonly CrontabSchedule schedule = CrontabSchedule.Parse(driftOptions.Value.DriftSchedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
    private readonly RuntimeOptions runtime = runtimeOptions.Value;

    /// <summary>Completed runs of this instance (diagnostics and tests).</summary>
    public int Runs { get; private set; }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var status = await StartupStatusAsync(stoppingToken);
        var now = time.GetUtcNow();
        if (status?.Next is { } missed && missed < now)
        {
            await FireAsync(missed, isPastDue: true, stoppingToken);
        }
        else if (driftOptions.Value.DriftRunOnStartup)
        {
            await FireAsync(now, isPastDue: false, stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            now = time.GetUtcNow();
            var next = NextAfter(now);
            try
            {
                await Task.Delay(next - now, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await FireAsync(next, isPastDue: false, stoppingToken);
        }
    }

    private async Task<TimerStatus?> StartupStatusAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await store.EnsureTableAsync(stoppingToken);
                var status = await store.GetStatusAsync(Name, stoppingToken);
                if (status?.Next is null)
                {
                    await store.WriteNextAsync(Name, NextAfter(time.GetUtcNow()), stoppingToken);
                }

                return status;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogStoreFailed(logger, Name, ex);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, attempt)), time, stoppingToken);
            }
        }
    }

    private async Task FireAsync(DateTimeOffset occurrence, bool isPastDue, CancellationToken stoppingToken)
    {
        try
        {
            var lease = await store.TryAcquireAsync(Name, runtime.InstanceId, runtime.TimerLease, stoppingToken);
            if (lease is null)
            {
                LogLeaseHeld(logger, Name, occurrence);
                return;
            }

            var status = await store.GetStatusAsync(Name, stoppingToken);
            if (status?.Last is { } last && last >= occurrence)
            {
                LogAlreadyRan(logger, Name, occurrence);
                await store.CompleteAsync(lease, status, stoppingToken);
                return;
            }

            using var renewal = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var renewing = RenewAsync(lease, renewal.Token);
            await invoker.RunAsync(isPastDue, stoppingToken);
            await renewal.CancelAsync();
            await renewing;
            Runs++;
            var completed = await store.CompleteAsync(lease, new TimerStatus(occurrence, NextAfter(occurrence), time.GetUtcNow()), stoppingToken);
            if (!completed)
            {
                LogLeaseLost(logger, Name);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; the lease expires by itself.
        }
        catch (Exception ex)
        {
            LogStoreFailed(logger, Name, ex);
        }
    }

    private async Task RenewAsync(TimerLease lease, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(runtime.TimerLease / 2, time, cancellationToken);
                if (!await store.RenewAsync(lease, runtime.TimerLease, cancellationToken))
                {
                    LogLeaseLost(logger, Name);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            LogStoreFailed(logger, Name, ex);
        }
    }

    private DateTimeOffset NextAfter(DateTimeOffset instant) =>
        new(DateTime.SpecifyKind(schedule.GetNextOccurrence(instant.UtcDateTime), DateTimeKind.Utc));

    [LoggerMessage(EventId = 310, Level = LogLevel.Debug, Message = "Timer {Function}: another instance holds the lease, skipping {Occurrence}")]
    private static partial void LogLeaseHeld(ILogger logger, string function, DateTimeOffset occurrence);

    [LoggerMessage(EventId = 311, Level = LogLevel.Debug, Message = "Timer {Function}: occurrence {Occurrence} already ran")]
    private static partial void LogAlreadyRan(ILogger logger, string function, DateTimeOffset occurrence);

    [LoggerMessage(EventId = 312, Level = LogLevel.Warning, Message = "Timer {Function}: the lease was lost while running")]
    private static partial void LogLeaseLost(ILogger logger, string function);

    [LoggerMessage(EventId = 313, Level = LogLevel.Warning, Message = "Timer {Function}: status store failed")]
    private static partial void LogStoreFailed(ILogger logger, string function, Exception exception);
}
