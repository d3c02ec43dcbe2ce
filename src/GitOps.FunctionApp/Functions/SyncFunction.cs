using Azure.Storage.Queues.Models;
using GitOps.Functions.Hosting;
using GitOps.Functions.Triggers;
using Microsoft.Azure.Functions.Worker;

namespace GitOps.FunctionApp.Functions;

/// <summary>The sync function: one delivery of a gitops-sync message (plain JSON: host.json sets messageEncoding none).</summary>
public sealed class SyncFunction(SyncTrigger trigger)
{
    /// <summary>Runs the job; a thrown failure makes the host retry the message, and poison it after maxDequeueCount.</summary>
    [Function(FunctionNames.Sync)]
    public Task RunAsync([QueueTrigger(FunctionNames.SyncQueue, Connection = FunctionNames.StorageConnection)] QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return trigger.RunAsync(message.MessageText, message.MessageId, message.DequeueCount, cancellationToken);
    }
}
