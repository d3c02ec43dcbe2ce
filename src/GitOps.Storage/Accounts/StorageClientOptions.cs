using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace GitOps.Storage.Accounts;

/// <summary>The SDK client options every Queue and Table client of ours gets: retries, plain-text messages, extra pipeline policies.</summary>
/// <remarks>
/// Queue messages are plain JSON (<see cref="QueueMessageEncoding.None"/>), matching the queue trigger's
/// <c>messageEncoding: none</c>. The queue client keeps its default service version: every Azurite the project starts
/// runs with <c>--skipApiVersionCheck</c>, since the WebJobs queue listener sends the same default version.
/// </remarks>
public sealed class StorageClientOptions
{
    private readonly List<(HttpPipelinePolicy Policy, HttpPipelinePosition Position)> _policies = [];

    /// <summary>Retries after a failed attempt (408, 429, 5xx, transport errors), exponential from <see cref="RetryDelay"/>.</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>The first retry's delay.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(800);

    /// <summary>The longest delay between retries.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The timeout of one attempt.</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The transport, when not the SDK's default (tests).</summary>
    public HttpPipelineTransport? Transport { get; set; }

    /// <summary>Adds a policy to both clients' pipelines (tests inject faults this way).</summary>
    public StorageClientOptions AddPolicy(HttpPipelinePolicy policy, HttpPipelinePosition position)
    {
        ArgumentNullException.ThrowIfNull(policy);
        _policies.Add((policy, position));
        return this;
    }

    internal QueueClientOptions ForQueues() => Apply(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });

    internal TableClientOptions ForTables() => Apply(new TableClientOptions());

    private T Apply<T>(T options)
        where T : ClientOptions
    {
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = MaxRetries;
        options.Retry.Delay = RetryDelay;
        options.Retry.MaxDelay = MaxRetryDelay;
        options.Retry.NetworkTimeout = NetworkTimeout;
        options.Diagnostics.ApplicationId = "gitops-functions";
        options.Diagnostics.IsDistributedTracingEnabled = false;
        if (Transport is not null)
        {
            options.Transport = Transport;
        }

        foreach (var (policy, position) in _policies)
        {
            options.AddPolicy(policy, position);
        }

        return options;
    }
}
