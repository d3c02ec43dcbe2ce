namespace GitOps.KubeSim.Diagnostics;

/// <summary>One served request as the log records it.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Request path without the query.</param>
/// <param name="Verb">Kubernetes verb: get, list, watch, create, update, patch, apply (an apply-patch), delete, deletecollection, or discovery.</param>
/// <param name="Resource">Plural resource name (null for discovery).</param>
/// <param name="Namespace">Namespace from the path, if any.</param>
/// <param name="Name">Object name from the path, if any.</param>
/// <param name="Subresource">status or scale, if any.</param>
/// <param name="DryRun">True for dryRun=All writes.</param>
/// <param name="StatusCode">The HTTP status answered (0 when the connection was dropped).</param>
/// <param name="FieldManager">The fieldManager query value, if any.</param>
public sealed record RequestRecord(string Method, string Path, string Verb, string? Resource, string? Namespace, string? Name, string? Subresource, bool DryRun, int StatusCode, string? FieldManager);

/// <summary>Every request the server answered, with exact counters per verb and resource; resettable between test steps.</summary>
public sealed class RequestLog
{
    private const int MaxEntries = 20_000;
    private readonly object _gate = new();
    private readonly Queue<RequestRecord> _entries = new();
    private readonly Dictionary<(string Verb, string Resource), int> _counts = [];
    private int _total;

    /// <summary>Total requests since the last reset.</summary>
    public int Total
    {
        get
        {
            lock (_gate)
            {
                return _total;
            }
        }
    }

    /// <summary>The most recent requests (up to 20,000), oldest first.</summary>
    public IReadOnlyList<RequestRecord> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>Counters keyed "verb resource" (e.g. "apply deployments", "list configmaps", "get discovery").</summary>
    public IReadOnlyDictionary<string, int> Counters
    {
        get
        {
            lock (_gate)
            {
                return _counts.ToDictionary(p => $"{p.Key.Verb} {p.Key.Resource}", p => p.Value);
            }
        }
    }

    /// <summary>Requests with this verb, optionally only for one resource (plural name).</summary>
    public int Count(string verb, string? resource = null)
    {
        lock (_gate)
        {
            return _counts.Where(p => p.Key.Verb == verb && (resource is null || p.Key.Resource == resource)).Sum(p => p.Value);
        }
    }

    /// <summary>Clears entries and counters.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _entries.Clear();
            _counts.Clear();
            _total = 0;
        }
    }

    internal void Add(RequestRecord record)
    {
        lock (_gate)
        {
            _total++;
            var key = (record.Verb, record.Resource ?? "discovery");
            _counts[key] = _counts.GetValueOrDefault(key) + 1;
            _entries.Enqueue(record);
            if (_entries.Count > MaxEntries)
            {
                _entries.Dequeue();
            }
        }
    }
}
