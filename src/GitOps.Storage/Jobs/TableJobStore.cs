using System.Globalization;
using GitOps.Engine.Jobs;
using GitOps.Storage.Tables;

namespace GitOps.Storage.Jobs;

/// <summary>The engine's job records in the GitOpsJobs table.</summary>
/// <remarks>
/// Key design: every upsert writes the full record to three rows so that each read is one partition access.
/// <list type="bullet">
/// <item>PartitionKey "job", RowKey = job id: GetAsync is one point read.</item>
/// <item>PartitionKey "recent", RowKey = inverted QueuedAt ticks + "_" + job id: ListRecentAsync reads the first
/// <c>max</c> rows of one partition, newest first, because the service returns rows in RowKey order.</item>
/// <item>PartitionKey "app_" + app, same RowKey: the per-app listing, also one partition.</item>
/// </list>
/// QueuedAt never changes for a job, so its index rows are replaced in place. The three writes are not atomic
/// (different partitions); the primary row is written first, and a later upsert of the same job repairs the index.
/// Keys escape the id and app (Uri.EscapeDataString) since '/', '\', '#' and '?' are not allowed in keys.
/// </remarks>
public sealed class TableJobStore : IJobStore
{
    /// <summary>The table's default name.</summary>
    public const string DefaultTableName = "GitOpsJobs";

    private const string JobPartition = "job";
    private const string RecentPartition = "recent";
    private const string AppPartitionPrefix = "app_";

    private readonly ITableClient _table;

    /// <summary>Uses the given table.</summary>
    public TableJobStore(ITableClient table) => _table = table ?? throw new ArgumentNullException(nameof(table));

    /// <summary>Uses the named table (default GitOpsJobs) of the account.</summary>
    public TableJobStore(ITableServiceClient service, string tableName = DefaultTableName)
        : this((service ?? throw new ArgumentNullException(nameof(service))).GetTableClient(tableName))
    {
    }

    /// <summary>Creates the table if it does not exist (call at start-up).</summary>
    public Task EnsureCreatedAsync(CancellationToken cancellationToken = default) => _table.CreateIfNotExistsAsync(cancellationToken);

    /// <inheritdoc />
    public async Task UpsertAsync(JobRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentException.ThrowIfNullOrEmpty(record.JobId, nameof(record));
        var recentKey = RecentRowKey(record);
        await _table.UpsertEntityAsync(JobRecordEntity.ToEntity(record, JobPartition, Key(record.JobId)), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        await _table.UpsertEntityAsync(JobRecordEntity.ToEntity(record, RecentPartition, recentKey), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        await _table.UpsertEntityAsync(JobRecordEntity.ToEntity(record, AppPartition(record.App), recentKey), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<JobRecord?> GetAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        var entity = await _table.GetEntityAsync(JobPartition, Key(jobId), cancellationToken).ConfigureAwait(false);
        return entity is null ? null : JobRecordEntity.FromEntity(entity);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<JobRecord>> ListRecentAsync(int max, string? app = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var partition = app is null ? RecentPartition : AppPartition(app);
        var result = new List<JobRecord>(Math.Min(max, 1000));
        await foreach (var entity in _table.QueryAsync(TableFilter.Equal("PartitionKey", partition), Math.Min(max, 1000), cancellationToken).ConfigureAwait(false))
        {
            result.Add(JobRecordEntity.FromEntity(entity));
            if (result.Count == max)
            {
                break;
            }
        }

        return result;
    }

    private static string Key(string value) => Uri.EscapeDataString(value);

    private static string AppPartition(string app) => AppPartitionPrefix + Key(app);

    // Newest first: larger QueuedAt → smaller inverted ticks → earlier in RowKey order. Fixed width keeps the order lexical.
    private static string RecentRowKey(JobRecord record) =>
        (DateTimeOffset.MaxValue.UtcTicks - record.QueuedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "_" + Key(record.JobId);
}
