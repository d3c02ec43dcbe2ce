using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using GitOps.Storage.Errors;
using GitOps.Storage.Pipeline;

namespace GitOps.Storage.Tables;

/// <summary>One table over the Table service REST API (OData JSON, minimal metadata), with ETag concurrency.</summary>
public sealed class TableClient : ITableClient
{
    private const string JsonContentType = "application/json";
    private const string AcceptMinimalMetadata = "application/json;odata=minimalmetadata";
    private static readonly RequestMethod Merge = new("MERGE");

    private readonly StorageRequestSender _sender;
    private readonly string _tableUrl;

    internal TableClient(StorageRequestSender sender, string name)
    {
        TableNames.Validate(name);
        _sender = sender;
        Name = name;
        _tableUrl = sender.Endpoint.AbsoluteUri.TrimEnd('/') + "/" + name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = Create(RequestMethod.Post, _sender.Endpoint.AbsoluteUri.TrimEnd('/') + "/Tables");
        SetJsonBody(message.Request, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, string> { ["TableName"] = Name }, TableJsonContext.Default.DictionaryStringString)));
        var response = await _sender.SendAsync(message, "Create table", Name, cancellationToken).ConfigureAwait(false);
        if (response.Status is not (201 or 204) && !(response.Status == 409 && StorageErrors.FromResponse(response, "Create table", Name).ErrorCode == "TableAlreadyExists"))
        {
            throw StorageErrors.FromResponse(response, "Create table", Name);
        }
    }

    /// <summary>Deletes the table; returns false when it did not exist.</summary>
    public async Task<bool> DeleteIfExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = Create(RequestMethod.Delete, _sender.Endpoint.AbsoluteUri.TrimEnd('/') + "/Tables(" + Uri.EscapeDataString(TableFilter.Quote(Name)) + ")");
        var response = await _sender.SendAsync(message, "Delete table", Name, cancellationToken).ConfigureAwait(false);
        return response.Status switch
        {
            >= 200 and < 300 => true,
            404 => false,
            _ => throw StorageErrors.FromResponse(response, "Delete table", Name),
        };
    }

    /// <inheritdoc />
    public async Task<string> AddEntityAsync(TableEntity entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        using var message = Create(RequestMethod.Post, _tableUrl);
        SetJsonBody(message.Request, TableEntityJson.Write(entity));
        var response = await _sender.SendCheckedAsync(message, "Insert entity", Resource(entity), cancellationToken).ConfigureAwait(false);
        return entity.ETag = ETagOf(response, "Insert entity", entity);
    }

    /// <inheritdoc />
    public async Task<string> UpsertEntityAsync(TableEntity entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        // Without If-Match, PUT is Insert Or Replace and MERGE is Insert Or Merge.
        return await WriteAsync(entity, mode, ifMatch: null, "Upsert entity", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<string> UpdateEntityAsync(TableEntity entity, string ifMatch, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentException.ThrowIfNullOrEmpty(ifMatch);
        return await WriteAsync(entity, mode, ifMatch, "Update entity", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<TableEntity?> GetEntityAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        using var message = Create(RequestMethod.Get, EntityUrl(partitionKey, rowKey));
        var resource = $"{Name}({partitionKey}, {rowKey})";
        var response = await _sender.SendAsync(message, "Get entity", resource, cancellationToken).ConfigureAwait(false);
        if (response.Status == 404)
        {
            return null;
        }

        if (response.Status != 200)
        {
            throw StorageErrors.FromResponse(response, "Get entity", resource);
        }

        using var doc = JsonDocument.Parse(response.Content.ToMemory());
        var entity = TableEntityJson.Read(doc.RootElement);
        if (response.Headers.ETag is { } etag)
        {
            entity.ETag = etag.ToString("H");
        }

        return entity;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<TableEntity> QueryAsync(string? filter = null, int? maxPerPage = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? nextPartition = null, nextRow = null;
        do
        {
            List<TableEntity> page;
            using (var message = Create(RequestMethod.Get, _tableUrl + "()"))
            {
                var uri = message.Request.Uri;
                if (!string.IsNullOrEmpty(filter))
                {
                    uri.AppendQuery("$filter", Uri.EscapeDataString(filter), escapeValue: false);
                }

                if (maxPerPage is { } top)
                {
                    ArgumentOutOfRangeException.ThrowIfLessThan(top, 1, nameof(maxPerPage));
                    ArgumentOutOfRangeException.ThrowIfGreaterThan(top, 1000, nameof(maxPerPage));
                    uri.AppendQuery("$top", top.ToString(CultureInfo.InvariantCulture), escapeValue: false);
                }

                if (nextPartition is not null)
                {
                    uri.AppendQuery("NextPartitionKey", Uri.EscapeDataString(nextPartition), escapeValue: false);
                }

                if (nextRow is not null)
                {
                    uri.AppendQuery("NextRowKey", Uri.EscapeDataString(nextRow), escapeValue: false);
                }

                var response = await _sender.SendCheckedAsync(message, "Query entities of table", Name, cancellationToken).ConfigureAwait(false);
                page = ReadPage(response);
                nextPartition = response.Headers.TryGetValue("x-ms-continuation-NextPartitionKey", out var np) ? np : null;
                nextRow = response.Headers.TryGetValue("x-ms-continuation-NextRowKey", out var nr) ? nr : null;
            }

            foreach (var entity in page)
            {
                yield return entity;
            }
        }
        while (nextPartition is not null);
    }

    /// <inheritdoc />
    public async Task DeleteEntityAsync(string partitionKey, string rowKey, string ifMatch = "*", CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ifMatch);
        using var message = Create(RequestMethod.Delete, EntityUrl(partitionKey, rowKey));
        message.Request.Headers.SetValue("If-Match", ifMatch);
        var resource = $"{Name}({partitionKey}, {rowKey})";
        var response = await _sender.SendAsync(message, "Delete entity", resource, cancellationToken).ConfigureAwait(false);
        if (response.Status is not (>= 200 and < 300 or 404))
        {
            throw StorageErrors.FromResponse(response, "Delete entity", resource);
        }
    }

    private async Task<string> WriteAsync(TableEntity entity, TableUpdateMode mode, string? ifMatch, string operation, CancellationToken cancellationToken)
    {
        using var message = Create(mode == TableUpdateMode.Merge ? Merge : RequestMethod.Put, EntityUrl(entity.PartitionKey, entity.RowKey));
        if (ifMatch is not null)
        {
            message.Request.Headers.SetValue("If-Match", ifMatch);
        }

        SetJsonBody(message.Request, TableEntityJson.Write(entity));
        var response = await _sender.SendCheckedAsync(message, operation, Resource(entity), cancellationToken).ConfigureAwait(false);
        return entity.ETag = ETagOf(response, operation, entity);
    }

    private static List<TableEntity> ReadPage(Response response)
    {
        using var doc = JsonDocument.Parse(response.Content.ToMemory());
        var result = new List<TableEntity>();
        if (doc.RootElement.TryGetProperty("value", out var items))
        {
            foreach (var item in items.EnumerateArray())
            {
                result.Add(TableEntityJson.Read(item));
            }
        }

        return result;
    }

    private HttpMessage Create(RequestMethod method, string url)
    {
        var message = _sender.CreateMessage(method);
        message.Request.Uri.Reset(new Uri(url));
        message.Request.Headers.SetValue("Accept", AcceptMinimalMetadata);
        message.Request.Headers.SetValue("DataServiceVersion", "3.0");
        message.Request.Headers.SetValue("MaxDataServiceVersion", "3.0;NetFx");
        return message;
    }

    private static void SetJsonBody(Request request, byte[] body)
    {
        // The exact Content-Type sent is the one signed; RequestContent adds no charset.
        request.Headers.SetValue("Content-Type", JsonContentType);
        request.Headers.SetValue("Prefer", "return-no-content");
        request.Content = RequestContent.Create(body);
    }

    private string EntityUrl(string partitionKey, string rowKey)
    {
        TableNames.ValidateKey(partitionKey, nameof(partitionKey));
        TableNames.ValidateKey(rowKey, nameof(rowKey));
        return $"{_tableUrl}(PartitionKey={Uri.EscapeDataString(TableFilter.Quote(partitionKey))},RowKey={Uri.EscapeDataString(TableFilter.Quote(rowKey))})";
    }

    private string Resource(TableEntity entity) => $"{Name}({entity.PartitionKey}, {entity.RowKey})";

    private string ETagOf(Response response, string operation, TableEntity entity) =>
        response.Headers.ETag is { } etag
            ? etag.ToString("H")
            : throw new FormatException($"{operation} '{Resource(entity)}' returned no ETag.");
}
