using Azure;
using Azure.Data.Tables;
using GitOps.Storage.Tables;
using Microsoft.Extensions.Logging;

namespace GitOps.Storage.Leases;

/// <summary>A held app lease: renews its row every third of the duration while held, and deletes it on dispose.</summary>
/// <remarks>
/// Renewal is an ETag-conditional merge, so it only extends a row that is still ours; a renewal that finds another
/// owner marks the lease lost (<see cref="Lost"/>) and stops. Release retries a failed delete, then logs: a row left
/// behind blocks the app until it expires.
/// </remarks>
internal sealed partial class TableLeaseHandle(
    TableClient table, string app, string owner, TimeSpan duration, ETag etag, TimeProvider time, ILogger logger) : IAsyncDisposable
{
    private static readonly TimeSpan[] ReleaseBackoff = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1.5)];

    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _lost = new();
    private ETag _etag = etag;
    private Task _renewing = Task.CompletedTask;
    private int _disposed;
    private int _renewals;

    /// <summary>Cancelled when a renewal found the row taken over or gone: the holder should stop.</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>How many renewals succeeded (diagnostics and tests).</summary>
    public int Renewals => Volatile.Read(ref _renewals);

    /// <summary>The interval between renewals: a third of the duration, so two can fail before the lease expires.</summary>
    public TimeSpan RenewEvery => duration / 3;

    public void StartRenewing() => _renewing = RenewLoopAsync(_stop.Token);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _renewing.ConfigureAwait(false);
        if (!_lost.IsCancellationRequested)
        {
            await ReleaseAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
        _lost.Dispose();
    }

    private async Task RenewLoopAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(RenewEvery, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                if (!await RenewOnceAsync(stop).ConfigureAwait(false))
                {
                    await _lost.CancelAsync().ConfigureAwait(false);
                    LogLost(logger, app);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Released.
        }
    }

    /// <summary>Extends the row; false when it is no longer ours. A failed attempt is retried at the next tick.</summary>
    private async Task<bool> RenewOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var response = await table.UpdateEntityAsync(TableAppLease.Row(app, owner, duration), _etag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            _etag = TableCalls.ETagOf(response);
            Interlocked.Increment(ref _renewals);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is TableCalls.PreconditionFailed or TableCalls.NotFound)
        {
            // Either taken over, or our own renewal landed and its retry saw the new ETag: the row says which.
            var read = await table.ReadAsync(TableAppLease.Partition, app, cancellationToken).ConfigureAwait(false);
            if (read.Entity is { } row && TableAppLease.IsOwnedBy(row, owner))
            {
                _etag = row.ETag;
                Interlocked.Increment(ref _renewals);
                return true;
            }

            return false;
        }
        catch (RequestFailedException ex)
        {
            LogRenewFailed(logger, app, ex);
            return true;
        }
    }

    private async Task ReleaseAsync()
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await table.DeleteEntityAsync(TableAppLease.Partition, app, _etag).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status == TableCalls.NotFound)
            {
                return; // gone already (a retried delete that had landed)
            }
            catch (RequestFailedException ex) when (ex.Status == TableCalls.PreconditionFailed)
            {
                // Our ETag is stale (a renewal's lost response) or the row is someone else's now.
                var read = await table.ReadAsync(TableAppLease.Partition, app, CancellationToken.None).ConfigureAwait(false);
                if (read.Entity is not { } row || !TableAppLease.IsOwnedBy(row, owner))
                {
                    return;
                }

                if (attempt >= ReleaseBackoff.Length)
                {
                    LogReleaseFailed(logger, app, attempt + 1, ex);
                    return;
                }

                _etag = row.ETag;
            }
            catch (Exception ex) when (ex is RequestFailedException or IOException or HttpRequestException or OperationCanceledException)
            {
                if (attempt >= ReleaseBackoff.Length)
                {
                    LogReleaseFailed(logger, app, attempt + 1, ex);
                    return;
                }

                await Task.Delay(ReleaseBackoff[attempt], time).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(EventId = 7101, Level = LogLevel.Warning, Message = "The lease of app {App} was taken over or removed while held; renewal stopped")]
    private static partial void LogLost(ILogger logger, string app);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Warning, Message = "Renewing the lease of app {App} failed; retrying at the next interval")]
    private static partial void LogRenewFailed(ILogger logger, string app, Exception exception);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Error, Message = "Releasing the lease of app {App} failed after {Attempts} attempts; the app stays blocked until the lease expires")]
    private static partial void LogReleaseFailed(ILogger logger, string app, int attempts, Exception exception);
}
