using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Microsoft.Azure.WebJobs.Extensions.Timers;
using Microsoft.Azure.WebJobs.Host.Executors;

namespace GitOps.Cli.Serve;

/// <summary>The timers' schedule status in blob storage, where the Functions host keeps it: azure-webjobs-hosts/timers/{hostId}/{timer}/status.</summary>
/// <remarks>
/// Replaces the timer extension's StorageScheduleMonitor, which needs the old Microsoft.Azure.WebJobs.Host.Storage 3.x. With the
/// status shared, a host that starts after a missed occurrence fires it once as past due, and a tick that another host already
/// ran is not run again (the timer listener itself is a singleton across hosts, by a blob lease).
/// </remarks>
public sealed class BlobScheduleMonitor(BlobContainerClient container, IHostIdProvider hostIds) : ScheduleMonitor
{
    /// <summary>The container the Functions host uses for its own state.</summary>
    public const string ContainerName = "azure-webjobs-hosts";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    /// <inheritdoc />
    public override async Task<ScheduleStatus> GetStatusAsync(string timerName)
    {
        var blob = await BlobAsync(timerName);
        try
        {
            var content = await blob.DownloadContentAsync();
            var document = content.Value.Content.ToObjectFromJson<StatusDocument>(Json)
                ?? throw new InvalidDataException($"The timer status blob {blob.Name} is empty.");
            return new ScheduleStatus { Last = document.Last, Next = document.Next, LastUpdated = document.LastUpdated };
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Never ran: the listener treats a missing status as "no occurrence missed".
            return null!;
        }
    }

    /// <inheritdoc />
    public override async Task UpdateStatusAsync(string timerName, ScheduleStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        await container.CreateIfNotExistsAsync();
        var blob = await BlobAsync(timerName);
        await blob.UploadAsync(BinaryData.FromObjectAsJson(new StatusDocument(status.Last, status.Next, status.LastUpdated), Json), overwrite: true);
    }

    private async Task<BlobClient> BlobAsync(string timerName)
    {
        var hostId = await hostIds.GetHostIdAsync(CancellationToken.None);
        return container.GetBlobClient($"timers/{hostId}/{timerName}/status");
    }

    private sealed record StatusDocument(DateTime Last, DateTime Next, DateTime LastUpdated);
}
