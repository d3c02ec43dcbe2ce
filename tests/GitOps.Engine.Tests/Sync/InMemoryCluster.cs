using System.Text.Json.Nodes;
using GitOps.Kubernetes;
using GitOps.Kubernetes.Client;

namespace GitOps.Engine.Tests.Sync;

/// <summary>A tiny in-memory cluster for unit tests of the pipeline logic (integration tests use the API simulator).</summary>
internal sealed class InMemoryCluster : IKubernetesClient, IKubernetesClientFactory
{
    private static readonly HashSet<string> ClusterScoped = ["Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "StorageClass", "IngressClass"];
    private readonly Dictionary<string, JsonObject> objects = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private int version;

    public string ClusterName => "test";
    public int Applies;
    public int Reads;
    public int Deletes;
    public int Patches;

    /// <summary>Called before every request with its verb and kind; throw to inject a fault.</summary>
    public Action<string, string>? Fault { get; set; }

    /// <summary>Kinds that exist only once a CRD defining them is stored.</summary>
    public HashSet<string> CustomKinds { get; } = [];

    public IKubernetesClient GetClient(string clusterName) => this;

    public IReadOnlyList<JsonObject> All
    {
        get
        {
            lock (gate)
            {
                return [.. objects.Values.Select(o => o.DeepClone().AsObject())];
            }
        }
    }

    public JsonObject? Find(string kind, string? ns, string name) =>
        All.FirstOrDefault(o => o["kind"]!.GetValue<string>() == kind && ObjectRef.Of(o).Namespace == ns && ObjectRef.Of(o).Name == name);

    public Task<ApiResource> GetResourceAsync(GroupVersionKind gvk, CancellationToken cancellationToken = default)
    {
        if (CustomKinds.Contains(gvk.Kind) && !All.Any(o => o["kind"]!.GetValue<string>() == "CustomResourceDefinition" && o["spec"]?["names"]?["kind"]?.GetValue<string>() == gvk.Kind))
        {
            throw new UnknownKindException(gvk);
        }

        return Task.FromResult(new ApiResource(gvk, gvk.Kind.ToLowerInvariant() + "s", !ClusterScoped.Contains(gvk.Kind), ["get", "list", "patch", "delete"]));
    }

    public async Task<ApiResource?> GetPreferredResourceAsync(string group, string kind, CancellationToken cancellationToken = default)
    {
        try
        {
            return await GetResourceAsync(new GroupVersionKind(group, "v1", kind), cancellationToken);
        }
        catch (UnknownKindException)
        {
            return null;
        }
    }

    public Task<JsonObject?> GetAsync(GroupVersionKind gvk, string? ns, string name, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Reads);
        Fault?.Invoke("get", gvk.Kind);
        lock (gate)
        {
            return Task.FromResult(objects.TryGetValue(new ObjectRef(gvk.Group, gvk.Kind, ns, name).Key, out var o) ? o.DeepClone().AsObject() : null);
        }
    }

    public Task<KubeObjectList> ListAsync(GroupVersionKind gvk, string? ns = null, string? labelSelector = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Reads);
        Fault?.Invoke("list", gvk.Kind);
        var (key, value) = labelSelector is null ? (null, null) : (labelSelector.Split('=')[0], labelSelector.Split('=')[1]);
        var items = All.Where(o => o["kind"]!.GetValue<string>() == gvk.Kind && GroupVersionKind.Of(o).Group == gvk.Group
            && (ns is null || ObjectRef.Of(o).Namespace == ns)
            && (key is null || o["metadata"]?["labels"]?[key]?.GetValue<string>() == value)).ToList();
        return Task.FromResult(new KubeObjectList(items, version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    public Task<JsonObject> ApplyAsync(JsonObject obj, ApplyOptions options, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Applies);
        Fault?.Invoke("apply", obj["kind"]!.GetValue<string>());
        var r = ObjectRef.Of(obj);
        lock (gate)
        {
            if (r.Namespace is not null && !objects.ContainsKey(new ObjectRef("", "Namespace", null, r.Namespace).Key) && r.Namespace != "default")
            {
                throw new KubernetesApiException($"namespaces \"{r.Namespace}\" not found", 404, "NotFound", r);
            }

            var stored = obj.DeepClone().AsObject();
            var meta = (JsonObject)stored["metadata"]!;
            var existing = objects.GetValueOrDefault(r.Key);
            meta["uid"] = existing?["metadata"]?["uid"]?.GetValue<string>() ?? Guid.NewGuid().ToString();
            meta["resourceVersion"] = (++version).ToString(System.Globalization.CultureInfo.InvariantCulture);
            meta["managedFields"] = new JsonArray(new JsonObject { ["manager"] = options.FieldManager, ["operation"] = "Apply" });
            if (r.Kind == "CustomResourceDefinition")
            {
                stored["status"] = JsonNode.Parse("""{"conditions":[{"type":"Established","status":"True"}]}""");
            }

            objects[r.Key] = stored;
            return Task.FromResult(stored.DeepClone().AsObject());
        }
    }

    public Task<JsonObject> MergePatchAsync(GroupVersionKind gvk, string? ns, string name, JsonObject patch, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Patches);
        Fault?.Invoke("patch", gvk.Kind);
        lock (gate)
        {
            var key = new ObjectRef(gvk.Group, gvk.Kind, ns, name).Key;
            var target = objects.TryGetValue(key, out var o) ? o : throw new KubernetesApiException("not found", 404, "NotFound");
            Merge(target, patch);
            target["metadata"]!["resourceVersion"] = (++version).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Task.FromResult(target.DeepClone().AsObject());
        }
    }

    public Task<JsonObject> CreateAsync(JsonObject obj, bool dryRun = false, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<JsonObject> UpdateAsync(JsonObject obj, bool dryRun = false, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<bool> DeleteAsync(GroupVersionKind gvk, string? ns, string name, DeleteOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Deletes);
        Fault?.Invoke("delete", gvk.Kind);
        lock (gate)
        {
            var key = new ObjectRef(gvk.Group, gvk.Kind, ns, name).Key;
            if (!objects.TryGetValue(key, out var o))
            {
                return Task.FromResult(false);
            }

            if (options?.PreconditionUid is { } uid && o["metadata"]!["uid"]!.GetValue<string>() != uid)
            {
                throw new KubernetesApiException("precondition failed: uid", 409, "Conflict");
            }

            objects.Remove(key);
            return Task.FromResult(true);
        }
    }

    /// <summary>Stores an object directly, as another tool would have created it.</summary>
    public void Put(JsonObject obj)
    {
        lock (gate)
        {
            var stored = obj.DeepClone().AsObject();
            stored["metadata"]!["uid"] = Guid.NewGuid().ToString();
            objects[ObjectRef.Of(stored).Key] = stored;
        }
    }

    public void ResetCounters()
    {
        Applies = 0;
        Reads = 0;
        Deletes = 0;
        Patches = 0;
    }

    private static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (k, v) in patch.ToList())
        {
            if (v is JsonObject po && target[k] is JsonObject to)
            {
                Merge(to, po);
            }
            else if (v is null)
            {
                target.Remove(k);
            }
            else
            {
                target[k] = v.DeepClone();
            }
        }
    }
}
