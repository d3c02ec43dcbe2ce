using System.Globalization;
using GitOps.Engine.Jobs;
using GitOps.Storage.Errors;
using GitOps.Storage.Tables;

namespace GitOps.Storage.Jobs;

/// <summary>The engine's job records in the GitOpsJobs table.</summary>
/// <remarks>
/// Key design: every upsert writes the full record to three rows, each in a partition of its own, so that every write
/// is a point write whose cost does not grow with the history (one shared partition would be a hot spot in Azure and
/// is scanned row by row by Azurite's store) and each read is one point read or one key-range query.
/// <list type="bullet">
/// <item>PartitionKey "job|" + job id: GetAsync is one point read.</item>
/// <item>PartitionKey "recent|" + inverted QueuedAt ticks + "|" + job id: ListRecentAsync reads the first <c>max</c>
/// rows of that key range, newest first, because the service returns rows in key order.</item>
/// <item>PartitionKey "app|" + app + "|" + the same suffix: the per-app listing, also one key range.</item>
/// </list>
/// QueuedAt never changes for a job, so its index rows are replaced in place. The three writes are not atomic and go
/// out together; a later upsert of the same job repairs a row that failed. Keys escape the id and app
/// (Uri.EscapeDataString), since '/', '\', '#' and '?' are not allowed in keys and '|' must stay a separator.
/// </remarks>
public sealed class TableJobStore : IJobStore
{
    /// <summary>The table's default name.</summary>
    public const string DefaultTableName = "GitOpsJobs";

    private const string RowKey = "job";
    private const string JobPrefix = "job|";
    private const string RecentPrefix = "recent|";
    private const string AppPrefix = "app|";

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
    public Task UpsertAsync(JobRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentException.ThrowIfNullOrEmpty(record.JobId, nameof(record));
        return Task.WhenAll(PartitionsOf(record).Select(partitionKey =>
            _table.UpsertEntityAsync(JobRecordEntity.ToEntity(record, partitionKey, RowKey), TableUpdateMode.Replace, cancellationToken)));
    }

    /// <inheritdoc />
    /// <remarks>Each row is an insert; a row that exists already holds a newer state (the worker's upsert replaces all three), so it stays.</remarks>
    public async Task<bool> CreateAsync(JobRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentException.ThrowIfNullOrEmpty(record.JobId, nameof(record));
        var created = await Task.WhenAll(PartitionsOf(record).Select(Insert)).ConfigureAwait(false);
        return created[0];

        async Task<bool> Insert(string partitionKey)
        {
            try
            {
                await _table.AddEntityAsync(JobRecordEntity.ToEntity(record, partitionKey, RowKey), cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (StorageRequestException ex) when (ex.Status == 409)
            {
                return false;
            }
        }
    }

    /// <inheritdoc />
    public async Task<JobRecord?> GetAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        var entity = await _table.GetEntityAsync(JobPrefix + Key(jobId), RowKey, cancellationToken).ConfigureAwait(false);
        return entity is null ? null : JobRecordEntity.FromEntity(entity);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<JobRecord>> ListRecentAsync(int max, string? app = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var prefix = app is null ? RecentPrefix : AppIndexPrefix(app);
        var result = new List<JobRecord>(Math.Min(max, 1000));
        await foreach (var entity in _table.QueryAsync(TableFilter.StartsWith("PartitionKey", prefix), Math.Min(max, 1000), cancellationToken).ConfigureAwait(false))
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

    /// <summary>The partitions of a job's three rows: the primary row first, then the recent and per-app index rows.</summary>
    private static string[] PartitionsOf(JobRecord record)
    {
        var suffix = IndexSuffix(record);
        return [JobPrefix + Key(record.JobId), RecentPrefix + suffix, AppIndexPrefix(record.App) + suffix];
    }

    private static string AppIndexPrefix(string app) => AppPrefix + Key(app) + "|";

    // Newest first: larger QueuedAt → smaller inverted ticks → earlier in key order. Fixed width keeps the order lexical.
    private static string IndexSuffix(JobRecord record) =>
        (DateTimeOffset.MaxValue.UtcTicks - record.QueuedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "|" + Key(record.JobId);
}
