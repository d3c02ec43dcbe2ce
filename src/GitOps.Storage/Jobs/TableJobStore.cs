using Azure;
using Azure.Data.Tables;
using GitOps.Engine.Jobs;
using GitOps.Storage.Tables;

namespace GitOps.Storage.Jobs;

/// <summary>The engine's job records in the GitOpsJobs table.</summary>
/// <remarks>
/// Key design: every upsert writes the full record to three rows (a create, only the first), each in a partition of its own, so that every write
/// is a point write whose cost does not grow with the history (one shared partition would be a hot spot in Azure and
/// is scanned row by row by Azurite's store) and each read is one point read or one key-range query.
/// <list type="bullet">
/// <item>PartitionKey "job|" + job id: GetAsync is one point read.</item>
/// <item>PartitionKey "recent|" + inverted QueuedAt ticks + "|" + job id: ListRecentAsync reads the first <c>max</c>
/// rows of that key range, newest first, because the service returns rows in key order; retention reads its tail.</item>
/// <item>PartitionKey "app|" + app + "|" + the same suffix: the per-app listing, also one key range.</item>
/// </list>
/// QueuedAt never changes for a job, so its index rows are replaced in place. The three writes are not atomic and go
/// out together; a later upsert of the same job repairs a row that failed. Keys escape the id and app, since '/', '\',
/// '#' and '?' are not allowed in keys and '|' must stay a separator.
/// </remarks>
public sealed class TableJobStore(TableClient table) : IJobStore
{
    /// <summary>The table's default name.</summary>
    public const string DefaultTableName = "GitOpsJobs";

    private const string RowKey = "job";
    private const string JobPrefix = "job|";
    private const string RecentPrefix = "recent|";
    private const string AppPrefix = "app|";

    /// <summary>Uses the named table (default GitOpsJobs) of the account.</summary>
    public TableJobStore(TableServiceClient service, string tableName = DefaultTableName)
        : this((service ?? throw new ArgumentNullException(nameof(service))).GetTableClient(tableName))
    {
    }

    /// <summary>Creates the table if it does not exist (call at start-up).</summary>
    public Task EnsureCreatedAsync(CancellationToken cancellationToken = default) => table.CreateIfNotExistsAsync(cancellationToken);

    /// <inheritdoc />
    public Task UpsertAsync(JobRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentException.ThrowIfNullOrEmpty(record.JobId, nameof(record));
        return Task.WhenAll(PartitionsOf(record).Select(partitionKey => table.WithTableAsync(
            ct => table.UpsertEntityAsync(JobRecordEntity.ToEntity(record, partitionKey, RowKey), TableUpdateMode.Replace, ct), cancellationToken)));
    }

    /// <inheritdoc />
    /// <remarks>
    /// Inserts the primary row only: a job waiting on the queue is listed from the queue itself, and the worker's first
    /// upsert writes all three rows moments later. That makes a delivery one table write per job, not three. A row that
    /// exists already holds a newer state (the worker's upsert replaces all three), so it stays.
    /// </remarks>
    public async Task<bool> CreateAsync(JobRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentException.ThrowIfNullOrEmpty(record.JobId, nameof(record));
        try
        {
            var entity = JobRecordEntity.ToEntity(record, JobPrefix + TableKeys.Escape(record.JobId), RowKey);
            await table.WithTableAsync(ct => table.AddEntityAsync(entity, ct), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == TableCalls.Conflict)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async Task<JobRecord?> GetAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        var read = await table.ReadAsync(JobPrefix + TableKeys.Escape(jobId), RowKey, cancellationToken).ConfigureAwait(false);
        return read.Entity is null ? null : JobRecordEntity.FromEntity(read.Entity);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<JobRecord>> ListRecentAsync(int max, string? app = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var prefix = app is null ? RecentPrefix : AppIndexPrefix(app);
        var result = new List<JobRecord>(Math.Min(max, 1000));
        await foreach (var entity in table.QueryOrEmptyAsync(TableKeys.StartsWith("PartitionKey", prefix), Math.Min(max, 1000), null, cancellationToken).ConfigureAwait(false))
        {
            result.Add(JobRecordEntity.FromEntity(entity));
            if (result.Count == max)
            {
                break;
            }
        }

        return result;
    }

    /// <summary>
    /// Deletes the records of up to <paramref name="max"/> jobs queued before <paramref name="cutoff"/>, oldest first
    /// among the expired: all three rows of each, the "recent" row last, so an interrupted pass is finished by the next.
    /// Returns how many jobs were deleted (fewer than <paramref name="max"/> when none are left).
    /// </summary>
    public async Task<int> DeleteQueuedBeforeAsync(DateTimeOffset cutoff, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);

        // Older jobs have larger inverted ticks: the expired ones are the tail of the "recent" key range.
        var filter = TableKeys.Between("PartitionKey", RecentPrefix + TableKeys.NewestFirst(cutoff), RecentPrefix);
        var expired = new List<(string Recent, string JobId, string App)>();
        await foreach (var entity in table.QueryOrEmptyAsync(filter, Math.Min(max, 1000), ["PartitionKey", "JobId", "App"], cancellationToken).ConfigureAwait(false))
        {
            expired.Add((entity.PartitionKey, entity.GetString("JobId") ?? "", entity.GetString("App") ?? ""));
            if (expired.Count == max)
            {
                break;
            }
        }

        foreach (var (recent, jobId, app) in expired)
        {
            var suffix = recent[RecentPrefix.Length..];
            var dependents = new List<Task>(2) { DeleteAsync(AppIndexPrefix(app) + suffix, cancellationToken) };
            if (jobId.Length > 0)
            {
                dependents.Add(DeleteAsync(JobPrefix + TableKeys.Escape(jobId), cancellationToken));
            }

            await Task.WhenAll(dependents).ConfigureAwait(false);
            await DeleteAsync(recent, cancellationToken).ConfigureAwait(false);
        }

        return expired.Count;
    }

    private async Task DeleteAsync(string partitionKey, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(partitionKey, RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == TableCalls.NotFound)
        {
            // Already gone (another instance's pass, or a retried delete): the goal is met.
        }
    }

    /// <summary>The partitions of a job's three rows: the primary row first, then the recent and per-app index rows.</summary>
    private static string[] PartitionsOf(JobRecord record)
    {
        var suffix = IndexSuffix(record);
        return [JobPrefix + TableKeys.Escape(record.JobId), RecentPrefix + suffix, AppIndexPrefix(record.App) + suffix];
    }

    private static string AppIndexPrefix(string app) => AppPrefix + TableKeys.Escape(app) + "|";

    // Newest first: larger QueuedAt → smaller inverted ticks → earlier in key order. Fixed width keeps the order lexical.
    private static string IndexSuffix(JobRecord record) => TableKeys.NewestFirst(record.QueuedAt) + "|" + TableKeys.Escape(record.JobId);
}
