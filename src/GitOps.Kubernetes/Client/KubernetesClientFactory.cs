using System.Collections.Concurrent;
using GitOps.Kubernetes.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOps.Kubernetes.Client;

/// <summary>One <see cref="KubernetesClient"/> per configured cluster, created on first use and reused. Unknown names fail; there is no default cluster.</summary>
public sealed class KubernetesClientFactory : IKubernetesClientFactory, IDisposable
{
    private readonly IReadOnlyDictionary<string, ClusterConnectionOptions> _clusters;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;
    private readonly Func<string, Azure.Core.TokenCredential?>? _azureCredentials;
    private readonly ConcurrentDictionary<string, Lazy<KubernetesClient>> _clients = new(StringComparer.Ordinal);

    /// <summary>Validates every cluster's settings up front (messages name the cluster and setting).</summary>
    /// <param name="clusters">Cluster name → settings.</param>
    /// <param name="timeProvider">Clock for token refresh, rate limiting and discovery TTL.</param>
    /// <param name="loggerFactory">Logging.</param>
    /// <param name="azureCredentials">Optional credential per cluster for auth 'azure' (null: built from the settings).</param>
    public KubernetesClientFactory(IReadOnlyDictionary<string, ClusterConnectionOptions> clusters, TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null, Func<string, Azure.Core.TokenCredential?>? azureCredentials = null)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        foreach (var (name, options) in clusters)
        {
            (options ?? throw new KubernetesConfigurationException($"Clusters:{name} has no settings")).Validate(name);
        }

        _clusters = clusters;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _azureCredentials = azureCredentials;
    }

    /// <inheritdoc />
    public IKubernetesClient GetClient(string clusterName)
    {
        ArgumentNullException.ThrowIfNull(clusterName);
        if (!_clusters.TryGetValue(clusterName, out var options))
        {
            var known = _clusters.Count == 0 ? "none" : string.Join(", ", _clusters.Keys.Order(StringComparer.Ordinal));
            throw new KubernetesConfigurationException($"cluster '{clusterName}' is not configured (configured: {known})");
        }

        var lazy = _clients.GetOrAdd(clusterName, name => new Lazy<KubernetesClient>(() => KubernetesClient.Create(
            name, options, _timeProvider, _loggerFactory.CreateLogger("GitOps.Kubernetes." + name), _azureCredentials?.Invoke(name))));
        try
        {
            return lazy.Value;
        }
        catch (Exception)
        {
            // Do not cache a failed resolution (a kubeconfig may be fixed); the next call tries again.
            _clients.TryRemove(new KeyValuePair<string, Lazy<KubernetesClient>>(clusterName, lazy));
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var lazy in _clients.Values.Where(l => l.IsValueCreated))
        {
            lazy.Value.Dispose();
        }
    }
}
