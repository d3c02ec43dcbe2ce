using Azure.Core;
using Azure.Core.Pipeline;

namespace GitOps.Storage.Pipeline;

/// <summary>Builds the Azure.Core pipeline for one Storage service: retries, x-ms-version/x-ms-date, then authorization per attempt.</summary>
internal static class StoragePipeline
{
    public static HttpPipeline Build(StorageServiceKind kind, StorageAuthentication authentication, StorageClientOptions options)
    {
        // Per-retry order matters: the date is refreshed before the signature is computed over it.
        var perRetry = new HttpPipelinePolicy[]
        {
            new StorageHeadersPolicy(options.ServiceVersion, options.TimeProvider),
            authentication.CreatePolicy(kind),
        };
        return HttpPipelineBuilder.Build(options, [], perRetry, new ResponseClassifier());
    }
}
