using Azure.Core;

namespace GitOps.Storage.Pipeline;

/// <summary>Pipeline options for the Storage clients: Azure.Core retries (exponential, 408/429/5xx and transport errors), transport, diagnostics.</summary>
public sealed class StorageClientOptions : ClientOptions
{
    /// <summary>The REST API version sent as x-ms-version; accepted by Azure and by Azurite 3.35.</summary>
    public const string DefaultServiceVersion = "2025-11-05";

    /// <summary>Creates options with exponential retries (5 retries, 0.8 s base, 30 s cap).</summary>
    public StorageClientOptions()
    {
        Retry.Mode = RetryMode.Exponential;
        Retry.MaxRetries = 5;
        Retry.Delay = TimeSpan.FromMilliseconds(800);
        Retry.MaxDelay = TimeSpan.FromSeconds(30);
        Retry.NetworkTimeout = TimeSpan.FromSeconds(100);
        Diagnostics.IsDistributedTracingEnabled = false;
        Diagnostics.ApplicationId = "gitops-functions";
    }

    /// <summary>The x-ms-version header value.</summary>
    public string ServiceVersion { get; set; } = DefaultServiceVersion;

    /// <summary>The time source for x-ms-date (tests may pin it).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
