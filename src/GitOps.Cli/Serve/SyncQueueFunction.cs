using Azure.Storage.Queues.Models;
using GitOps.Functions.Hosting;
using GitOps.Functions.Triggers;
using Microsoft.Azure.WebJobs;

namespace GitOps.Cli.Serve;

/// <summary>The sync function on the WebJobs queue trigger: the listener the Functions host loads for the Function App's queue trigger.</summary>
public sealed class SyncQueueFunction(SyncTrigger trigger)
{
    /// <summary>One delivery of a sync message; a thrown failure makes the listener retry it and poison it after maxDequeueCount.</summary>
    [FunctionName(FunctionNames.Sync)]
    public Task RunAsync([QueueTrigger(FunctionNames.SyncQueue, Connection = FunctionNames.StorageConnection)] QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return trigger.RunAsync(message.MessageText, message.MessageId, message.DequeueCount, cancellationToken);
    }
}
