using GitOps.Engine.Apps;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOps.Engine.Drift.Comparison;

/// <summary>One comparison of a desired object with its live counterpart (state for a single call).</summary>
internal sealed class ComparisonWalk
{
    private static readonly JsonValue Masked = JsonValue.Create("***");

    private readonly JsonObject _desired;
    private readonly JsonObject _live;
    private readonly ComparisonOptions _options;
    private readonly List<IgnoreRule>? _rules;
    [ThreadStatic]
    private static List<PathSegment>? s_sparePath;

    private readonly List<PathSegment> _path;
    private readonly bool _isSecret;
    private List<FieldDrift>? _drifts;

    public ComparisonWalk(JsonObject desired, JsonObject live, ComparisonOptions options, List<IgnoreRule>? rules)
    {
        _desired = desired;
        _live = live;
        _options = options;
        _rules = rules;
        _path = s_sparePath ?? new List<PathSegment>(16);
        s_sparePath = null;
        _isSecret = ManagedFields.TextEquals(desired["kind"], "Secret") && ManagedFields.TextEquals(desired["apiVersion"], "v1");
    }

    public IReadOnlyList<FieldDrift> Drifts => (IReadOnlyList<FieldDrift>?)_drifts ?? [];

    public void Run()
    {
        try
        {
            Walk();
        }
        finally
        {
            _path.Clear();
            s_sparePath = _path; // reuse the path buffer for the next comparison on this thread
        }
    }

    private void Walk()
    {
        var aggregated = IsAggregatedClusterRole();
        var ours = ManagedFields.AppliedBy(_live, _options.FieldManager);
        var matched = 0;
        for (var i = 0; i < _desired.Count; i++)
        {
            var (key, desiredValue) = _desired.GetAt(i);
            if (key is "apiVersion" or "kind" or "status" or "metadata" || desiredValue is null)
            {
                if (key == "metadata")
                {
                    CompareMetadata(desiredValue as JsonObject, ours is null ? null : ManagedFields.FieldEntry(ours, "metadata"));
                }

                continue;
            }

            var owned = ours is null ? null : ManagedFields.FieldEntry(ours, key);
            if (owned is not null)
            {
                matched++;
            }

            if (key == "rules" && aggregated)
            {
                continue; // filled in by the aggregation controller
            }

            if (key == "stringData" && _isSecret)
            {
                CompareStringData(desiredValue as JsonObject);
                continue;
            }

            _live.TryGetPropertyValue(key, out var liveValue);
            Push(key);
            Node(desiredValue, liveValue, key, quantities: false, owned);
            Pop();
        }

        if (ours is not null && CountEntries(ours, "f:", top: true) > matched)
        {
            RemovedAtLevel(ours, _desired, _live);
        }
    }

    private void CompareMetadata(JsonObject? desiredMetadata, JsonObject? ownedMetadata)
    {
        var liveMetadata = _live["metadata"] as JsonObject;
        Push("metadata");
        foreach (var field in (ReadOnlySpan<string>)["labels", "annotations"])
        {
            var owned = ownedMetadata is null ? null : ManagedFields.FieldEntry(ownedMetadata, field);
            var desiredMap = desiredMetadata?[field];
            Push(field);
            if (desiredMap is not null)
            {
                Node(desiredMap, liveMetadata?[field], field, quantities: false, owned);
            }
            else if (owned is { Count: > 0 })
            {
                RemovedAtLevel(owned, null, liveMetadata?[field] as JsonObject);
            }

            Pop();
        }

        Pop();
    }

    private void CompareStringData(JsonObject? stringData)
    {
        if (stringData is null)
        {
            return;
        }

        // stringData is write-only: the server merges it into data, base64-encoded.
        var liveData = _live["data"] as JsonObject;
        Push("stringData");
        for (var i = 0; i < stringData.Count; i++)
        {
            var (key, value) = stringData.GetAt(i);
            if (value is not JsonValue v || !v.TryGetValue<string>(out var text) && !TryElementString(v, out text))
            {
                continue;
            }

            var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
            var live = liveData?[key] as JsonValue;
            if (live is null ? text.Length != 0 : !Scalars.Equal(JsonValue.Create(encoded), live, quantities: false))
            {
                Push(key);
                Report(value, live);
                Pop();
            }
        }

        Pop();
    }

    private void Node(JsonNode? desired, JsonNode? live, string field, bool quantities, JsonObject? owned = null)
    {
        switch (desired)
        {
            case null:
                return; // null in what we apply sets nothing
            case JsonObject desiredObject:
                if (live is not JsonObject liveObject)
                {
                    if (IsAbsent(live) && IsEmpty(desiredObject))
                    {
                        return;
                    }

                    Report(desired, live);
                    return;
                }

                var childQuantities = IsQuantityMap(field);
                var matched = 0;
                for (var i = 0; i < desiredObject.Count; i++)
                {
                    var (key, value) = desiredObject.GetAt(i);
                    if (value is null)
                    {
                        continue;
                    }

                    var childOwned = owned is null ? null : ManagedFields.FieldEntry(owned, key);
                    if (childOwned is not null)
                    {
                        matched++;
                    }

                    liveObject.TryGetPropertyValue(key, out var liveValue);
                    Push(key);
                    Node(value, liveValue, key, childQuantities || key == "sizeLimit", childOwned);
                    Pop();
                }

                // We own more fields here than we still set: the missing ones would be removed by an apply.
                if (owned is not null && CountEntries(owned, "f:", top: false) > matched)
                {
                    RemovedAtLevel(owned, desiredObject, liveObject);
                }

                return;
            case JsonArray desiredArray:
                if (live is not JsonArray liveArray)
                {
                    if (IsAbsent(live) && desiredArray.Count == 0)
                    {
                        return;
                    }

                    Report(desired, live);
                    return;
                }

                List(desiredArray, liveArray, field, owned);
                return;
            case JsonValue desiredValue:
                if (IsAbsent(live))
                {
                    if (!Scalars.IsZero(desiredValue))
                    {
                        Report(desired, live);
                    }

                    return;
                }

                if (live is not JsonValue liveValue2 || !Scalars.Equal(desiredValue, liveValue2, quantities))
                {
                    Report(desired, live);
                }

                return;
        }
    }

    private void List(JsonArray desired, JsonArray live, string field, JsonObject? owned)
    {
        if (desired.Count > 0 && desired[0] is JsonObject first && ListKeys.For(field, first) is { } keys && AllKeyed(desired, keys))
        {
            var matched = 0;
            for (var i = 0; i < desired.Count; i++)
            {
                var desiredItem = (JsonObject)desired[i]!;
                var liveItem = FindItem(live, desiredItem, keys);
                var itemOwned = owned is null ? null : KeyEntryOf(owned, desiredItem);
                if (itemOwned is not null)
                {
                    matched++;
                }

                Push(PathSegment.OfItem(i, desiredItem, keys));
                if (liveItem is null)
                {
                    Report(desiredItem, null);
                }
                else
                {
                    Node(desiredItem, liveItem, field, quantities: false, itemOwned);
                }

                Pop();
            }

            // We own items we no longer set: an apply would remove them.
            if (owned is not null && CountEntries(owned, "k:", top: false) > matched)
            {
                RemovedItemsAtLevel(owned, desired, live, keys);
            }

            return;
        }

        // Atomic list: we own it whole, so it must match item for item.
        if (desired.Count != live.Count)
        {
            Report(desired, live);
            return;
        }

        for (var i = 0; i < desired.Count; i++)
        {
            Push(PathSegment.OfItem(i, null, null));
            var desiredItem = desired[i];
            if (desiredItem is null)
            {
                if (live[i] is not null)
                {
                    Report(null, live[i]);
                }
            }
            else
            {
                Node(desiredItem, live[i], field, quantities: false);
            }

            Pop();
        }
    }

    /// <summary>Reports the fields we own at this level that the desired object no longer sets (and live still has).</summary>
    private void RemovedAtLevel(JsonObject fields, JsonObject? desired, JsonObject? live)
    {
        var top = _path.Count == 0;
        for (var i = 0; i < fields.Count; i++)
        {
            var (name, _) = fields.GetAt(i);
            if (!name.StartsWith("f:", StringComparison.Ordinal))
            {
                continue;
            }

            var field = name.AsSpan(2);
            if (top && field is "status" or "apiVersion" or "kind" or "metadata")
            {
                continue;
            }

            if (Find(desired, field, out _) is not null)
            {
                continue;
            }

            var liveValue = Find(live, field, out var liveKey);
            if (liveKey is not null && !IsAbsent(liveValue) && !IsEmpty(liveValue) && !DesiredThroughStringData(field)
                && !IsDefaultedKeyField(liveKey, liveValue) && !(top && liveKey == "rules" && IsAggregatedClusterRole())
                && !(top && _isSecret && liveKey == "data" && _desired["stringData"] is JsonObject))
            {
                Push(liveKey);
                Report(null, liveValue);
                Pop();
            }
        }
    }

    /// <summary>Reports the list items we own that the desired list no longer has (and live still has).</summary>
    private void RemovedItemsAtLevel(JsonObject fields, JsonArray desired, JsonArray live, string[] keys)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            var (name, _) = fields.GetAt(i);
            if (!name.StartsWith("k:", StringComparison.Ordinal) || IndexOfKeyEntry(desired, name) >= 0)
            {
                continue;
            }

            var liveIndex = IndexOfKeyEntry(live, name);
            if (liveIndex >= 0)
            {
                Push(PathSegment.OfItem(liveIndex, (JsonObject)live[liveIndex]!, keys));
                Report(null, live[liveIndex]);
                Pop();
            }
        }
    }

    private static JsonObject? KeyEntryOf(JsonObject owned, JsonObject item)
    {
        for (var i = 0; i < owned.Count; i++)
        {
            var (name, child) = owned.GetAt(i);
            if (name.StartsWith("k:", StringComparison.Ordinal) && ManagedFields.KeyEntryMatches(name, item))
            {
                return child as JsonObject ?? [];
            }
        }

        return null;
    }

    private static int CountEntries(JsonObject fields, string prefix, bool top)
    {
        var count = 0;
        for (var i = 0; i < fields.Count; i++)
        {
            var name = fields.GetAt(i).Key;
            if (name.StartsWith(prefix, StringComparison.Ordinal)
                && !(top && name is "f:metadata" or "f:status" or "f:apiVersion" or "f:kind"))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>A list key field we left out but the server records with its default (ports' protocol TCP).</summary>
    private bool IsDefaultedKeyField(string field, JsonNode? live) =>
        _path.Count > 0 && _path[^1].Keys is { } keys && Array.IndexOf(keys, field) >= 0
        && ListKeys.DefaultOf(field) is { } fallback && live is JsonValue value && Scalars.Equal(fallback, value, quantities: false);

    private bool DesiredThroughStringData(ReadOnlySpan<char> field) =>
        _isSecret && _path.Count == 1 && _path[0].Field == "data"
        && Find(_desired["stringData"] as JsonObject, field, out _) is not null;

    private void Report(JsonNode? desired, JsonNode? live)
    {
        if (IgnoredByPointer())
        {
            return;
        }

        string? manager = null;
        if ((_live["metadata"] as JsonObject)?["managedFields"] is JsonArray)
        {
            var owners = ManagedFields.OwnersOf(_live, _path);
            owners.Remove(_options.FieldManager);
            if (owners.Count > 0 && owners.TrueForAll(IsIgnoredManager))
            {
                return;
            }

            manager = owners.Count > 0 ? owners[0] : null;
        }

        var masked = _isSecret && _path.Count > 0 && _path[0].Field is "data" or "stringData";
        (_drifts ??= []).Add(new FieldDrift(
            PathSegment.Render(_path),
            masked ? Mask(desired) : desired?.DeepClone(),
            masked ? Mask(live) : live?.DeepClone(),
            manager));
    }

    private static JsonNode? Mask(JsonNode? value) => value is null ? null : Masked.DeepClone();

    private bool IsIgnoredManager(string manager)
    {
        if (_options.IgnoredManagers.Contains(manager))
        {
            return true;
        }

        return _rules is not null && _rules.Exists(rule => rule.ManagedFieldsManagers.Contains(manager));
    }

    private bool IgnoredByPointer()
    {
        if (_rules is null)
        {
            return false;
        }

        foreach (var rule in _rules)
        {
            foreach (var pointer in rule.JsonPointers)
            {
                if (PointerCovers(pointer))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private bool PointerCovers(string pointer)
    {
        var segments = pointer.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length > _path.Count)
        {
            return false;
        }

        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i].Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (!_path[i].MatchesPointer(segment))
            {
                return false;
            }
        }

        return true;
    }

    private static int IndexOfKeyEntry(JsonArray items, string keyEntry)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is JsonObject item && ManagedFields.KeyEntryMatches(keyEntry, item))
            {
                return i;
            }
        }

        return -1;
    }

    private static JsonObject? FindItem(JsonArray live, JsonObject desiredItem, string[] keys)
    {
        foreach (var candidate in live)
        {
            if (candidate is JsonObject liveItem && ListKeys.SameKey(desiredItem, liveItem, keys))
            {
                return liveItem;
            }
        }

        return null;
    }

    private static bool AllKeyed(JsonArray items, string[] keys)
    {
        foreach (var item in items)
        {
            if (item is not JsonObject o || !ListKeys.HasKey(o, keys))
            {
                return false;
            }
        }

        return true;
    }

    private static JsonNode? Find(JsonObject? obj, ReadOnlySpan<char> field, out string? key)
    {
        key = null;
        if (obj is null)
        {
            return null;
        }

        for (var i = 0; i < obj.Count; i++)
        {
            var (name, value) = obj.GetAt(i);
            if (field.SequenceEqual(name))
            {
                key = name;
                return value;
            }
        }

        return null;
    }

    private static bool IsAbsent(JsonNode? node) => node is null || node is JsonValue v && v.GetValueKind() == JsonValueKind.Null;

    private static bool IsEmpty(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return true;
            case JsonArray array:
                return array.Count == 0;
            case JsonValue value:
                return Scalars.IsZero(value);
            case JsonObject obj:
                for (var i = 0; i < obj.Count; i++)
                {
                    if (!IsEmpty(obj.GetAt(i).Value))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>Maps whose values are resource quantities (resources.limits/requests, quotas, limit ranges, capacity).</summary>
    private static bool IsQuantityMap(string field) =>
        field is "limits" or "requests" or "hard" or "capacity" or "allocatable" or "used"
            or "max" or "min" or "default" or "defaultRequest" or "maxLimitRequestRatio";

    private bool IsAggregatedClusterRole() =>
        _desired["aggregationRule"] is JsonObject && ManagedFields.TextEquals(_desired["kind"], "ClusterRole");

    private static bool TryElementString(JsonValue value, out string text)
    {
        text = value.TryGetValue<JsonElement>(out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()! : "";
        return text.Length > 0;
    }

    private void Push(string field) => _path.Add(PathSegment.OfField(field));

    private void Push(PathSegment segment) => _path.Add(segment);

    private void Pop() => _path.RemoveAt(_path.Count - 1);
}
