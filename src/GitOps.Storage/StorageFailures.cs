using Azure;

namespace GitOps.Storage;

/// <summary>Recognises a failed storage call as the Azure SDK reports it.</summary>
public static class StorageFailures
{
    /// <summary>
    /// True for a <see cref="RequestFailedException"/> (an error answer, or status 0 for a transport failure), or for the
    /// <see cref="AggregateException"/> the SDK throws when its retries ran out, made only of those.
    /// </summary>
    public static bool IsStorageFailure(Exception exception) => exception switch
    {
        RequestFailedException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsStorageFailure),
        _ => false,
    };
}
