using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using GitOps.Engine.Apps;
using GitOps.Engine.Rendering;
using GitOps.Engine.Sources;
using GitOps.Kubernetes;
using GitOps.Kubernetes.Client;

namespace GitOps.Benchmarks.Sync;

/// <summary>Per-step timings of one sync, collected by decorators around the fetcher, renderer and client (bench only).</summary>
public sealed class StepTimings
{
    private readonly ConcurrentDictionary<string, Step> steps = new(StringComparer.Ordinal);
    private readonly Stopwatch clock = Stopwatch.StartNew();

    /// <summary>Forgets every step (call before each measured sync).</summary>
    public void Reset() => steps.Clear();

    /// <summary>Times one call of a step: adds its duration and widens the step's first-start/last-end span.</summary>
    public async Task<T> TimeAsync<T>(string name, Func<Task<T>> action)
    {
        var start = clock.Elapsed;
        try
        {
            return await action().ConfigureAwait(false);
        }
        finally
        {
            var end = clock.Elapsed;
            steps.AddOrUpdate(name, _ => new Step(1, end - start, start, end), (_, s) => new Step(s.Calls + 1, s.Busy + (end - start), s.First < start ? s.First : start, s.Last > end ? s.Last : end));
        }
    }

    /// <summary>One line per step, in order of first start: calls, summed call time, wall span from first start to last end.</summary>
    public string Format()
    {
        var first = steps.Values.Select(s => s.First).DefaultIfEmpty().Min();
        return string.Join(Environment.NewLine, steps.OrderBy(p => p.Value.First).Select(p => string.Create(CultureInfo.InvariantCulture,
            $"  {p.Key,-22} calls {p.Value.Calls,4}  busy {p.Value.Busy.TotalMilliseconds,8:F0} ms  span {(p.Value.Last - p.Value.First).TotalMilliseconds,7:F0} ms  (starts at +{(p.Value.First - first).TotalMilliseconds:F0} ms)")));
    }

    private sealed record Step(int Calls, TimeSpan Busy, TimeSpan First, TimeSpan Last);
}

/// <summary>Times the fetcher's resolve and checkout.</summary>
public sealed class TimedSourceFetcher(ISourceFetcher inner, StepTimings timings) : ISourceFetcher
{
    /// <inheritdoc />
    public Task<string> ResolveHeadAsync(string source, CancellationToken cancellationToken = default) =>
        timings.TimeAsync("git ls-remote", () => inner.ResolveHeadAsync(source, cancellationToken));

    /// <inheritdoc />
    public Task<string> FetchHeadAsync(string source, string? expectedHead = null, CancellationToken cancellationToken = default) =>
        timings.TimeAsync("git fetch head", () => inner.FetchHeadAsync(source, expectedHead, cancellationToken));

    /// <inheritdoc />
    public Task<SourceCheckout> CheckoutAsync(string source, string commit, CancellationToken cancellationToken = default) =>
        timings.TimeAsync("git fetch+checkout", () => inner.CheckoutAsync(source, commit, cancellationToken));

    /// <inheritdoc />
    public Task<SourceTree?> TryReadTreeAsync(string source, string commit, CancellationToken cancellationToken = default) =>
        timings.TimeAsync("git ls-tree", () => inner.TryReadTreeAsync(source, commit, cancellationToken));
}

/// <summary>Times app loading.</summary>
public sealed class TimedAppCatalog(IAppCatalog inner, StepTimings timings) : IAppCatalog
{
    /// <inheritdoc />
    public Task<SourceApps> GetAppsAsync(string source, string? commit = null, CancellationToken cancellationToken = default) =>
        timings.TimeAsync("load apps", () => inner.GetAppsAsync(source, commit, cancellationToken));
}

/// <summary>Times rendering.</summary>
public sealed class TimedRenderer(IAppRenderer inner, StepTimings timings) : IAppRenderer
{
    /// <inheritdoc />
    public Task<RenderResult> RenderAsync(AppDefinition app, string checkoutDirectory, CancellationToken cancellationToken = default) =>
        timings.TimeAsync("render", () => inner.RenderAsync(app, checkoutDirectory, cancellationToken));

    /// <inheritdoc />
    public Task<RenderResult?> TryRenderAsync(AppDefinition app, SourceTree tree, CancellationToken cancellationToken = default) =>
        timings.TimeAsync("render from tree", () => inner.TryRenderAsync(app, tree, cancellationToken));
}

/// <summary>Hands out timed clients.</summary>
public sealed class TimedClientFactory(IKubernetesClientFactory inner, StepTimings timings) : IKubernetesClientFactory
{
    /// <inheritdoc />
    public IKubernetesClient GetClient(string clusterName) => new TimedClient(inner.GetClient(clusterName), timings);
}

/// <summary>Times every client call by verb.</summary>
public sealed class TimedClient(IKubernetesClient inner, StepTimings timings) : IKubernetesClient
{
    /// <inheritdoc />
    public string ClusterName => inner.ClusterName;

    /// <inheritdoc />
    public Task<ApiResource> GetResourceAsync(GroupVersionKind gvk, CancellationToken cancellationToken = default) =>
        timings.TimeAsync("kube discovery", () => inner.GetResourceAsync(gvk, cancellationToken));

    /// <inheritdoc />
    public Task<ApiResource?> GetPreferredResourceAsync(string group, string kind, CancellationToken cancellationToken = default) =>
        timings.TimeAsync("kube discovery", () => inner.GetPreferredResourceAsync(group, kind, cancellationToken));

    /// <inheritdoc />
    public Task<JsonObject?> GetAsync(GroupVersionKind gvk, string? ns, string name, CancellationToken cancellationToken = default) =>
        timings.TimeAsync("kube get " + gvk.Kind, () => inner.GetAsync(gvk, ns, name, cancellationToken));

    /// <inheritdoc />
    public Task<KubeObjectList> ListAsync(GroupVersionKind gvk, string? ns = null, string? labelSelector = null, CancellationToken cancellationToken = default) =>
        timings.TimeAsync("kube list", () => inner.ListAsync(gvk, ns, labelSelector, cancellationToken));

    /// <inheritdoc />
    public Task<JsonObject> ApplyAsync(JsonObject obj, ApplyOptions options, CancellationToken cancellationToken = default) =>
        timings.TimeAsync("kube apply", () => inner.ApplyAsync(obj, options, cancellationToken));

    /// <inheritdoc />
    public Task<JsonObject> MergePatchAsync(GroupVersionKind gvk, string? ns, string name, JsonObject patch, bool dryRun = false, CancellationToken cancellationToken = default) =>
        timings.TimeAsync("kube patch", () => inner.MergePatchAsync(gvk, ns, name, patch, dryRun, cancellationToken));

    /// <inheritdoc />
    public Task<JsonObject> CreateAsync(JsonObject obj, bool dryRun = false, CancellationToken cancellationToken = default) =>
        timings.TimeAsync("kube create", () => inner.CreateAsync(obj, dryRun, cancellationToken));

    /// <inheritdoc />
    public Task<JsonObject> UpdateAsync(JsonObject obj, bool dryRun = false, CancellationToken cancellationToken = default) =>
        timings.TimeAsync("kube update", () => inner.UpdateAsync(obj, dryRun, cancellationToken));

    /// <inheritdoc />
    public Task<bool> DeleteAsync(GroupVersionKind gvk, string? ns, string name, DeleteOptions? options = null, CancellationToken cancellationToken = default) =>
        timings.TimeAsync("kube delete", () => inner.DeleteAsync(gvk, ns, name, options, cancellationToken));
}
