using System.Diagnostics.Metrics;
using static GitOps.Engine.Telemetry.GitOpsTelemetry;

namespace GitOps.Engine.Telemetry;

/// <summary>The queue length and oldest-message-age gauges, read from <see cref="IQueueBacklog"/> when a collector asks.</summary>
/// <remarks>
/// A collection answers with the last reading and, when that is older than <see cref="RefreshInterval"/>, starts one new
/// reading in the background: collections never wait on storage, and a host nobody scrapes reads nothing at all.
/// </remarks>
public sealed class QueueBacklogGauges : IDisposable
{
    /// <summary>How old a reading may get before a collection asks for a new one.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(15);

    private readonly IQueueBacklog _backlog;
    private readonly TimeProvider _time;
    private readonly Meter _meter;
    private readonly Lock _gate = new();
    private IReadOnlyList<QueueBacklog> _last = [];
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;
    private Task? _reading;

    public QueueBacklogGauges(IMeterFactory meterFactory, IQueueBacklog backlog, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _backlog = backlog ?? throw new ArgumentNullException(nameof(backlog));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _meter = meterFactory.Create(MeterName);
        _meter.CreateObservableGauge("gitops.queue.length", () => Readings().Select(r => new Measurement<long>(r.Length, Tag(r))), "{message}", "Approximate number of messages in the queue");
        _meter.CreateObservableGauge("gitops.queue.oldest_message.age", () => Readings().Where(r => r.OldestAge is not null).Select(r => new Measurement<double>(r.OldestAge!.Value.TotalSeconds, Tag(r))),
            "s", "Age of the message at the head of the queue");
    }

    /// <summary>Reads the queues now (start-up and tests); collections after this use the reading until it is stale.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        var readings = await _backlog.ReadAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _last = readings;
            _readAt = _time.GetUtcNow();
        }
    }

    public void Dispose() => _meter.Dispose();

    private IReadOnlyList<QueueBacklog> Readings()
    {
        lock (_gate)
        {
            if (_reading is null && _time.GetUtcNow() - _readAt >= RefreshInterval)
            {
                _reading = Task.Run(ReadInBackgroundAsync);
            }

            return _last;
        }
    }

    private async Task ReadInBackgroundAsync()
    {
        try
        {
            await RefreshAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A failed reading keeps the last one and waits its turn like a good one: a broken account is not asked on every collection.
            lock (_gate)
            {
                _readAt = _time.GetUtcNow();
            }
        }
        finally
        {
            lock (_gate)
            {
                _reading = null;
            }
        }
    }

    private static KeyValuePair<string, object?> Tag(QueueBacklog reading) => new(Tags.Queue, reading.Queue);
}
