using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GitOps.KubeSim.Controllers;
using GitOps.KubeSim.Objects;
using GitOps.KubeSim.Patches;
using GitOps.KubeSim.Ssa;
using GitOps.KubeSim.Storage;

namespace GitOps.KubeSim.Api;

/// <summary>
/// The REST semantics of the API server over the in-memory store: create, get, list, update, patch,
/// apply, delete, with resourceVersion, generation, managedFields, defaults, validation and controllers.
/// One lock serialises every store access; patch bodies are parsed before it is taken.
/// </summary>
internal sealed partial class ObjectService
{
    private static readonly HashSet<string> InitialNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    private readonly ObjectStore _store;
    private readonly ResourceCatalog _catalog;
    private readonly TimeProvider _time;
    private readonly ObjectDefaults _defaults;
    private readonly SimulatedControllers _controllers;

    public ObjectService(ObjectStore store, ResourceCatalog catalog, TimeProvider time, SimulatedControllers controllers)
    {
        _store = store;
        _catalog = catalog;
        _time = time;
        _controllers = controllers;
        _defaults = new ObjectDefaults();
        var nsType = catalog.Find("v1", "namespaces")!;
        foreach (var ns in InitialNamespaces)
        {
            Create(nsType, "", new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } }, new WriteOptions("kube-apiserver", DryRun: false));
        }
    }

    /// <summary>Raised under the store lock for every stored change: group-resource, event type, object.</summary>
    public event Action<string, string, StoredObject>? Changed;

    public ResourceCatalog Catalog => _catalog;

    public ObjectStore Store => _store;

    // Timestamps have whole seconds, so the text is formatted once per second rather than on every write.
    private Tuple<long, string>? _now;

    private string Now
    {
        get
        {
            var now = _time.GetUtcNow();
            var seconds = now.ToUnixTimeSeconds();
            var cached = Volatile.Read(ref _now);
            if (cached is null || cached.Item1 != seconds)
            {
                cached = Tuple.Create(seconds, now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                Volatile.Write(ref _now, cached);
            }

            return cached.Item2;
        }
    }

    public StoredObject Get(ResourceType type, string ns, string name)
    {
        lock (_store.Gate)
        {
            return _store.Get(type.GroupResource, ns, name) ?? throw ApiError.NotFound(type, name);
        }
    }

    /// <summary>Serialises a list straight from the cached object bytes.</summary>
    public byte[] List(ResourceType type, string? ns, ListOptions options)
    {
        var labels = LabelSelector.Parse(options.LabelSelector);
        var fields = FieldSelector.Parse(options.FieldSelector);
        (string, string)? after = null;
        if (!string.IsNullOrEmpty(options.Continue))
        {
            after = DecodeContinue(options.Continue);
        }

        using var buffer = new MemoryStream();
        lock (_store.Gate)
        {
            var rv = _store.CurrentResourceVersion.ToString(CultureInfo.InvariantCulture);
            buffer.Write(Encoding.UTF8.GetBytes($"{{\"kind\":\"{type.Kind}List\",\"apiVersion\":\"{type.GroupVersion}\",\"metadata\":{{\"resourceVersion\":\"{rv}\""));
            var items = new List<StoredObject>();
            string? next = null;
            var name = fields.Name;
            IEnumerable<(string Namespace, string Name, StoredObject Stored)> source = name is not null && ns is not null
                ? (_store.Get(type.GroupResource, ns, name) is { } one ? [(ns, name, one)] : [])
                : _store.List(type.GroupResource, ns, after, labels.FirstEquality);
            foreach (var (space, objName, stored) in source)
            {
                if (!labels.IsEmpty && !labels.Matches(stored.Object["metadata"]?["labels"] as JsonObject))
                {
                    continue;
                }

                if (!fields.Matches(stored.Object))
                {
                    continue;
                }

                if (options.Limit > 0 && items.Count == options.Limit)
                {
                    var last = items[^1].Object["metadata"]!;
                    next = EncodeContinue((string?)last["namespace"] ?? "", (string)last["name"]!);
                    break;
                }

                items.Add(stored);
            }

            if (next is not null)
            {
                buffer.Write(Encoding.UTF8.GetBytes($",\"continue\":\"{next}\""));
            }

            buffer.Write("},\"items\":["u8);
            for (var i = 0; i < items.Count; i++)
            {
                if (i > 0)
                {
                    buffer.WriteByte((byte)',');
                }

                buffer.Write(items[i].Json);
            }

            buffer.Write("]}"u8);
        }

        return buffer.ToArray();
    }

    public JsonObject Create(ResourceType type, string ns, JsonObject body, WriteOptions options) => CreateStored(type, ns, body, options).Object;

    /// <summary>Creates and returns the stored form, whose cached JSON is the response body.</summary>
    public StoredObject CreateStored(ResourceType type, string ns, JsonObject body, WriteOptions options)
    {
        CheckTypeAndNamespace(type, ns, body);
        var metadata = body["metadata"] as JsonObject ?? [];
        body["metadata"] = metadata;
        var name = (string?)metadata["name"];
        if (string.IsNullOrEmpty(name) && metadata["generateName"] is JsonValue prefix)
        {
            name = (string)prefix! + Guid.NewGuid().ToString("N")[..5];
            metadata["name"] = name;
        }

        ValidateName(type, name);
        lock (_store.Gate)
        {
            if (type.Namespaced)
            {
                RequireNamespace(ns);
            }

            if (_store.Get(type.GroupResource, ns, name!) is not null)
            {
                throw ApiError.AlreadyExists(type, name!);
            }

            var obj = PrepareCreate(type, ns, body, o => FieldManager.RecordUpdate(null, o, type, options.FieldManager, null, Now), options.DryRun);
            return Commit(type, ns, name!, null, obj, options);
        }
    }

    public JsonObject Update(ResourceType type, string ns, string name, JsonObject body, WriteOptions options) => UpdateStored(type, ns, name, body, options).Object;

    /// <summary>Updates and returns the stored form, whose cached JSON is the response body.</summary>
    public StoredObject UpdateStored(ResourceType type, string ns, string name, JsonObject body, WriteOptions options)
    {
        CheckTypeAndNamespace(type, ns, body);
        var bodyName = (string?)body["metadata"]?["name"];
        if (bodyName != name)
        {
            throw ApiError.BadRequest("the name of the object (" + bodyName + ") does not match the name on the URL (" + name + ")");
        }

        lock (_store.Gate)
        {
            var current = _store.Get(type.GroupResource, ns, name) ?? throw ApiError.NotFound(type, name);
            var wanted = (string?)body["metadata"]?["resourceVersion"];
            if (!string.IsNullOrEmpty(wanted) && wanted != current.ResourceVersion.ToString(CultureInfo.InvariantCulture))
            {
                throw ApiError.ResourceVersionConflict(type, name);
            }

            return UpdateFrom(type, ns, name, current, body, options, ownershipFromBody: true);
        }
    }

    public JsonObject Patch(ResourceType type, string ns, string name, string contentType, string patchText, WriteOptions options) =>
        Patch(type, ns, name, contentType, Encoding.UTF8.GetBytes(patchText), options, out _).Object;

    /// <summary>Patches or applies; returns the stored form (its cached JSON is the response body) and whether an apply created the object.</summary>
    public StoredObject Patch(ResourceType type, string ns, string name, string contentType, ReadOnlySpan<byte> patch, WriteOptions options, out bool created)
    {
        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var media = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();

        // Parse before taking the store lock so concurrent writers only serialise on the merge and commit;
        // a parse error is raised at the point the locked code would have raised it.
        var isApply = media == "application/apply-patch+yaml";
        var (parsed, parseError) = PreParse(isApply, media, patch);
        lock (_store.Gate)
        {
            var current = _store.Get(type.GroupResource, ns, name);
            created = isApply && current is null;
            if (isApply)
            {
                return Apply(type, ns, name, current, parseError is null ? (JsonObject)parsed! : null, parseError, options);
            }

            if (current is null)
            {
                throw ApiError.NotFound(type, name);
            }

            JsonNode Body() => parseError is null ? parsed! : throw parseError;
            var patched = media switch
            {
                "application/merge-patch+json" => JsonMergePatch.Apply(current.Object, Body()),
                "application/json-patch+json" => JsonPatch.Apply(current.Object, Body()),
                "application/strategic-merge-patch+json" when !type.IsCustom => StrategicMergePatch.Apply(current.Object, Body(), type),
                _ => throw ApiError.UnsupportedMediaType(media),
            };
            if (patched is not JsonObject patchedObject)
            {
                throw ApiError.BadRequest("the patch did not produce an object");
            }

            var wanted = (string?)patchedObject["metadata"]?["resourceVersion"];
            if (!string.IsNullOrEmpty(wanted) && wanted != current.ResourceVersion.ToString(CultureInfo.InvariantCulture))
            {
                throw ApiError.ResourceVersionConflict(type, name);
            }

            return UpdateFrom(type, ns, name, current, patchedObject, options, ownershipFromBody: false);
        }
    }

    public JsonObject Delete(ResourceType type, string ns, string name, string? propagationPolicy, bool dryRun, string? preconditionUid = null)
    {
        lock (_store.Gate)
        {
            var current = _store.Get(type.GroupResource, ns, name) ?? throw ApiError.NotFound(type, name);
            if (preconditionUid is not null && (string?)current.Object["metadata"]?["uid"] != preconditionUid)
            {
                throw ApiError.ResourceVersionConflict(type, name);
            }

            if (dryRun)
            {
                return current.Object;
            }

            return DeleteLocked(type, ns, name, current, propagationPolicy ?? "Background");
        }
    }

    public JsonObject DeleteCollection(ResourceType type, string? ns, ListOptions options, bool dryRun)
    {
        var labels = LabelSelector.Parse(options.LabelSelector);
        var fields = FieldSelector.Parse(options.FieldSelector);
        lock (_store.Gate)
        {
            var victims = _store.List(type.GroupResource, ns)
                .Where(o => labels.Matches(o.Stored.Object["metadata"]?["labels"] as JsonObject) && fields.Matches(o.Stored.Object))
                .ToList();
            var items = new JsonArray();
            foreach (var (space, name, stored) in victims)
            {
                items.Add(dryRun ? stored.Object.DeepClone() : DeleteLocked(type, space, name, stored, "Background").DeepClone());
            }

            return new JsonObject { ["kind"] = type.Kind + "List", ["apiVersion"] = type.GroupVersion, ["metadata"] = new JsonObject(), ["items"] = items };
        }
    }

    /// <summary>Re-runs the simulated controllers on every stored object of the given kinds (a deterministic tick).</summary>
    public int Reconcile(Func<ResourceType, bool> which)
    {
        lock (_store.Gate)
        {
            var changed = 0;
            foreach (var type in _catalog.All.Where(which).DistinctBy(t => t.GroupResource).ToList())
            {
                foreach (var (space, name, stored) in _store.List(type.GroupResource, null).ToList())
                {
                    var obj = (JsonObject)stored.Object.DeepClone();
                    if (RunControllers(type, obj, stored.Object, settle: true))
                    {
                        obj["metadata"]!["resourceVersion"] = _store.NextResourceVersion().ToString(CultureInfo.InvariantCulture);
                        var tick = new StoredObject(obj, long.Parse((string)obj["metadata"]!["resourceVersion"]!, CultureInfo.InvariantCulture));
                        _store.Put(type.GroupResource, space, name, tick);
                        Changed?.Invoke(type.GroupResource, "MODIFIED", tick);
                        changed++;
                    }
                }
            }

            return changed;
        }
    }

    private static (JsonNode? Parsed, ApiError? Error) PreParse(bool isApply, string media, ReadOnlySpan<byte> patch)
    {
        try
        {
            return isApply ? (YamlJson.ParseObject(patch), null)
                : media is "application/merge-patch+json" or "application/json-patch+json" or "application/strategic-merge-patch+json" ? (ParseJson(patch), null)
                : (null, null);
        }
        catch (ApiError e)
        {
            return (null, e);
        }
    }

    private StoredObject Apply(ResourceType type, string ns, string name, StoredObject? current, JsonObject? parsed, ApiError? parseError, WriteOptions options)
    {
        var live = current?.Object;
        if (string.IsNullOrEmpty(options.FieldManager))
        {
            throw ApiError.BadRequest("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
        }

        var config = parseError is null ? parsed! : throw parseError;
        CheckTypeAndNamespace(type, ns, config);

        // Kubernetes resets status on the main resource (and everything else on /status), so appliers never own it.
        if (type.HasStatus && options.Subresource != "status")
        {
            config.Remove("status");
        }
        var configName = (string?)config["metadata"]?["name"];
        if (configName != name)
        {
            throw ApiError.BadRequest($"the name of the object ({configName}) does not match the name on the URL ({name})");
        }

        if (current is null)
        {
            if (options.Subresource is not null)
            {
                throw ApiError.NotFound(type, name);
            }

            if (type.Namespaced)
            {
                RequireNamespace(ns);
            }

            ValidateName(type, name);
            var merged = FieldManager.Apply(null, config, type, options.FieldManager, options.Force, Now);
            // The merge built a fresh tree, so it is prepared in place rather than copied once more.
            var created = PrepareCreate(type, ns, merged, null, options.DryRun, owned: true);
            return Commit(type, ns, name, null, created, options);
        }

        var wanted = (string?)config["metadata"]?["resourceVersion"];
        if (!string.IsNullOrEmpty(wanted) && wanted != (string?)live!["metadata"]?["resourceVersion"])
        {
            throw ApiError.ResourceVersionConflict(type, name);
        }

        var result = FieldManager.Apply(live, config, type, options.FieldManager, options.Force, Now);
        result = Normalize(type, ns, name, live!, result, options);
        return Complete(type, ns, name, current, result, options);
    }

    private StoredObject UpdateFrom(ResourceType type, string ns, string name, StoredObject current, JsonObject body, WriteOptions options, bool ownershipFromBody)
    {
        var live = current.Object;
        var updated = (JsonObject)body.DeepClone();
        var meta = updated["metadata"] as JsonObject ?? [];
        updated["metadata"] = meta;

        // A client may reset ownership by sending managedFields; otherwise the live ownership carries over.
        var sentManaged = meta["managedFields"];
        var liveManaged = live["metadata"]?["managedFields"];
        var record = !ownershipFromBody || sentManaged is null || JsonNode.DeepEquals(sentManaged, liveManaged);
        if (record)
        {
            meta["managedFields"] = liveManaged?.DeepClone();
        }
        else if (sentManaged is JsonArray { Count: 1 } a && a[0] is JsonObject { Count: 0 })
        {
            meta.Remove("managedFields");
        }

        updated = Normalize(type, ns, name, live, updated, options);
        if (record)
        {
            FieldManager.RecordUpdate(live, updated, type, options.FieldManager, options.Subresource, Now);
        }

        return Complete(type, ns, name, current, updated, options);
    }

    // Server-owned identity, the status/main split and defaults, before ownership is computed.
    private JsonObject Normalize(ResourceType type, string ns, string name, JsonObject live, JsonObject updated, WriteOptions options)
    {
        var meta = (JsonObject)updated["metadata"]!;
        var liveMeta = (JsonObject)live["metadata"]!;
        foreach (var key in new[] { "uid", "creationTimestamp", "generation", "deletionTimestamp", "deletionGracePeriodSeconds", "resourceVersion" })
        {
            if (liveMeta[key] is { } v)
            {
                meta[key] = v.DeepClone();
            }
            else
            {
                meta.Remove(key);
            }
        }

        meta["name"] = name;
        if (type.Namespaced)
        {
            meta["namespace"] = ns;
        }

        updated["apiVersion"] = type.GroupVersion;
        updated["kind"] = type.Kind;
        if (options.Subresource == "status")
        {
            var statusOnly = (JsonObject)live.DeepClone();
            statusOnly["status"] = updated["status"]?.DeepClone();
            statusOnly["metadata"]!["managedFields"] = meta["managedFields"]?.DeepClone();
            if (statusOnly["status"] is null)
            {
                statusOnly.Remove("status");
            }

            return statusOnly;
        }

        if (type.HasStatus)
        {
            updated["status"] = live["status"]?.DeepClone();
            if (updated["status"] is null)
            {
                updated.Remove("status");
            }
        }

        _defaults.Apply(type, updated, live);
        return updated;
    }

    private StoredObject Complete(ResourceType type, string ns, string name, StoredObject current, JsonObject updated, WriteOptions options)
    {
        var live = current.Object;
        var meta = (JsonObject)updated["metadata"]!;
        ObjectValidation.Validate(type, updated, live);
        if (type.HasGeneration && !SameSpec(live, updated))
        {
            meta["generation"] = (JsonNumbers.Long(live["metadata"]!["generation"]) ?? 1) + 1;
        }

        // Controllers never see dry runs, as on a real cluster.
        if (options.Subresource != "status" && !options.DryRun)
        {
            RunControllers(type, updated, live, settle: _controllers.SettleOnWrite);
        }

        if (JsonNode.DeepEquals(live, updated))
        {
            return current;
        }

        // The last finalizer of an object being deleted is gone: the deletion completes.
        if (!options.DryRun && meta["deletionTimestamp"] is not null && meta["finalizers"] is not JsonArray { Count: > 0 })
        {
            var gone = new StoredObject(updated, current.ResourceVersion);
            DeleteLocked(type, ns, name, gone, "Background");
            return gone;
        }

        return Commit(type, ns, name, current, updated, options);
    }

    private JsonObject PrepareCreate(ResourceType type, string ns, JsonObject body, Action<JsonObject>? recordOwnership, bool dryRun, bool owned = false)
    {
        var obj = owned ? body : (JsonObject)body.DeepClone();
        var meta = (JsonObject)obj["metadata"]!;
        obj["apiVersion"] = type.GroupVersion;
        obj["kind"] = type.Kind;
        if (type.Namespaced)
        {
            meta["namespace"] = ns;
        }
        else
        {
            meta.Remove("namespace");
        }

        meta["uid"] = Guid.NewGuid().ToString();
        meta["creationTimestamp"] = Now;
        meta.Remove("resourceVersion");
        meta.Remove("deletionTimestamp");
        meta.Remove("selfLink");
        if (type.HasGeneration)
        {
            meta["generation"] = 1;
        }
        else
        {
            meta.Remove("generation");
        }

        if (type.HasStatus)
        {
            obj.Remove("status");
        }

        _defaults.Apply(type, obj, null);
        recordOwnership?.Invoke(obj);
        ObjectValidation.Validate(type, obj, null);
        if (!dryRun)
        {
            RunControllers(type, obj, null, settle: _controllers.SettleOnWrite);
        }

        return obj;
    }

    private StoredObject Commit(ResourceType type, string ns, string name, StoredObject? current, JsonObject obj, WriteOptions options)
    {
        var live = current?.Object;
        if (options.DryRun)
        {
            obj["metadata"]!["resourceVersion"] = live?["metadata"]?["resourceVersion"]?.DeepClone();
            if (live is null)
            {
                ((JsonObject)obj["metadata"]!).Remove("resourceVersion");
            }

            return new StoredObject(obj, current?.ResourceVersion ?? 0);
        }

        var rv = _store.NextResourceVersion();
        obj["metadata"]!["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
        var stored = new StoredObject(obj, rv);
        _store.Put(type.GroupResource, ns, name, stored);
        Changed?.Invoke(type.GroupResource, live is null ? "ADDED" : "MODIFIED", stored);
        AfterWrite(type, obj);
        return stored;
    }

    private void AfterWrite(ResourceType type, JsonObject obj)
    {
        if (type.Kind == "CustomResourceDefinition" && type.Group == "apiextensions.k8s.io")
        {
            var types = CrdRegistration.TypesOf(obj);
            _catalog.RegisterCrd((string)obj["metadata"]!["name"]!, types);
        }
    }

    private JsonObject DeleteLocked(ResourceType type, string ns, string name, StoredObject current, string propagation)
    {
        var meta = current.Object["metadata"] as JsonObject;
        if (meta?["finalizers"] is JsonArray { Count: > 0 })
        {
            if (meta["deletionTimestamp"] is not null)
            {
                return current.Object;
            }

            var marked = (JsonObject)current.Object.DeepClone();
            marked["metadata"]!["deletionTimestamp"] = Now;
            marked["metadata"]!["deletionGracePeriodSeconds"] = 0;
            var rv = _store.NextResourceVersion();
            marked["metadata"]!["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
            var markedStored = new StoredObject(marked, rv);
            _store.Put(type.GroupResource, ns, name, markedStored);
            Changed?.Invoke(type.GroupResource, "MODIFIED", markedStored);
            return marked;
        }

        if (type.Kind == "Namespace" && type.Group.Length == 0)
        {
            foreach (var resource in _store.ResourcesIn(name))
            {
                foreach (var (space, child, stored) in _store.List(resource, name).ToList())
                {
                    _store.Remove(resource, space, child);
                    Changed?.Invoke(resource, "DELETED", stored);
                }
            }
        }

        _store.Remove(type.GroupResource, ns, name);
        _store.NextResourceVersion();
        Changed?.Invoke(type.GroupResource, "DELETED", current);
        if (propagation != "Orphan")
        {
            CollectDependents((string?)meta?["uid"]);
        }

        if (type.Kind == "CustomResourceDefinition" && type.Group == "apiextensions.k8s.io")
        {
            foreach (var crdType in CrdRegistration.TypesOf(current.Object))
            {
                _store.Drop(crdType.GroupResource);
            }

            _catalog.UnregisterCrd(name);
        }

        return current.Object;
    }

    // Garbage collection by ownerReferences: dependents of a deleted owner go too.
    private void CollectDependents(string? uid)
    {
        if (uid is null || _ownedCount == 0)
        {
            return;
        }

        foreach (var type in _catalog.All.DistinctBy(t => t.GroupResource).ToList())
        {
            foreach (var (space, name, stored) in _store.List(type.GroupResource, null).ToList())
            {
                if (stored.Object["metadata"]?["ownerReferences"] is JsonArray refs && refs.Any(r => (string?)r?["uid"] == uid))
                {
                    DeleteLocked(type, space, name, stored, "Background");
                }
            }
        }
    }

    private int _ownedCount;

    private bool RunControllers(ResourceType type, JsonObject obj, JsonObject? live, bool settle)
    {
        if (obj["metadata"]?["ownerReferences"] is JsonArray { Count: > 0 })
        {
            _ownedCount++;
        }

        var before = obj["status"]?.DeepClone();
        if (!_controllers.Reconcile(type, obj, settle))
        {
            return false;
        }

        if (JsonNode.DeepEquals(before, obj["status"]))
        {
            return false;
        }

        // Ownership of the status write is computed on status alone (the rest did not change), which is much cheaper.
        var previous = new JsonObject();
        if (before is not null)
        {
            previous["status"] = before;
        }

        var current = new JsonObject
        {
            ["metadata"] = new JsonObject { ["managedFields"] = obj["metadata"]?["managedFields"]?.DeepClone() },
            ["status"] = obj["status"]?.DeepClone(),
        };
        FieldManager.RecordUpdate(previous, current, type, "kube-controller-manager", "status", Now);
        var meta = (JsonObject)obj["metadata"]!;
        if (current["metadata"]!["managedFields"] is { } managed)
        {
            meta["managedFields"] = managed.DeepClone();
        }
        else
        {
            meta.Remove("managedFields");
        }

        return true;
    }

    private void RequireNamespace(string ns)
    {
        var nsType = _catalog.Find("v1", "namespaces")!;
        var stored = _store.Get(nsType.GroupResource, "", ns) ?? throw ApiError.NamespaceNotFound(ns);
        if (stored.Object["metadata"]?["deletionTimestamp"] is not null)
        {
            throw ApiError.Forbidden(nsType, ns, $"unable to create new content in namespace {ns} because it is being terminated");
        }
    }

    private static bool SameSpec(JsonObject a, JsonObject b)
    {
        foreach (var (key, value) in b)
        {
            if (key is "metadata" or "status" or "apiVersion" or "kind")
            {
                continue;
            }

            if (!JsonNode.DeepEquals(a[key], value))
            {
                return false;
            }
        }

        return a.All(p => p.Key is "metadata" or "status" or "apiVersion" or "kind" || b.ContainsKey(p.Key));
    }

    private static void CheckTypeAndNamespace(ResourceType type, string ns, JsonObject body)
    {
        var apiVersion = (string?)body["apiVersion"];
        var kind = (string?)body["kind"];
        if (apiVersion is not null && apiVersion != type.GroupVersion)
        {
            throw ApiError.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.GroupVersion})");
        }

        if (kind is not null && kind != type.Kind)
        {
            throw ApiError.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({type.Kind})");
        }

        var bodyNs = (string?)body["metadata"]?["namespace"];
        if (type.Namespaced && !string.IsNullOrEmpty(bodyNs) && bodyNs != ns)
        {
            throw ApiError.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
    }

    private static void ValidateName(ResourceType type, string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw ApiError.Invalid(type, "", [("metadata.name", "FieldValueRequired", "Required value: name or generateName is required")]);
        }

        if (name.Length > 253 || !NamePattern().IsMatch(name))
        {
            throw ApiError.Invalid(type, name, [("metadata.name", "FieldValueInvalid", $"Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")]);
        }
    }

    internal static JsonNode ParseJson(string text) => ParseJson(Encoding.UTF8.GetBytes(text));

    internal static JsonNode ParseJson(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return JsonNode.Parse(utf8) ?? throw ApiError.BadRequest("empty patch");
        }
        catch (JsonException e)
        {
            throw ApiError.BadRequest("error decoding patch: " + e.Message);
        }
    }

    private static string EncodeContinue(string ns, string name) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new[] { ns, name }, ContinueJson.Default.StringArray))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static (string, string) DecodeContinue(string token)
    {
        try
        {
            var padded = token.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var parts = JsonSerializer.Deserialize(Convert.FromBase64String(padded), ContinueJson.Default.StringArray);
            return parts is { Length: 2 } ? (parts[0], parts[1]) : throw ApiError.BadRequest("invalid continue token");
        }
        catch (FormatException)
        {
            throw ApiError.BadRequest("continue key is not valid: illegal base64 data");
        }
        catch (JsonException)
        {
            throw ApiError.BadRequest("continue key is not valid: incorrect encoded start resourceVersion");
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex NamePattern();
}

/// <summary>Source-generated JSON for continue tokens.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(string[]))]
internal sealed partial class ContinueJson : System.Text.Json.Serialization.JsonSerializerContext;
