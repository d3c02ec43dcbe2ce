namespace GitOps.KubeSim.Api;

/// <summary>The resources currently served: built-ins plus kinds registered by established CRDs.</summary>
internal sealed class ResourceCatalog
{
    private readonly Dictionary<(string GroupVersion, string Plural), ResourceType> _byPath = [];
    private readonly Dictionary<(string GroupVersion, string Kind), ResourceType> _byKind = [];
    private readonly Dictionary<string, List<ResourceType>> _byCrd = [];

    public ResourceCatalog()
    {
        foreach (var type in BuiltInResources.All())
        {
            Add(type);
        }
    }

    /// <summary>Bumped on every change so discovery documents can be cached.</summary>
    public int Revision { get; private set; }

    public IEnumerable<ResourceType> All => _byPath.Values;

    public ResourceType? Find(string groupVersion, string plural) => _byPath.GetValueOrDefault((groupVersion, plural));

    public ResourceType? FindKind(string groupVersion, string kind) => _byKind.GetValueOrDefault((groupVersion, kind));

    public bool HasGroupVersion(string groupVersion) => _byPath.Keys.Any(k => k.GroupVersion == groupVersion);

    /// <summary>Registers (or replaces) the kinds of one CRD.</summary>
    public void RegisterCrd(string crdName, IReadOnlyList<ResourceType> types)
    {
        UnregisterCrd(crdName);
        foreach (var type in types)
        {
            Add(type);
        }

        _byCrd[crdName] = [.. types];
    }

    public void UnregisterCrd(string crdName)
    {
        if (!_byCrd.Remove(crdName, out var old))
        {
            return;
        }

        foreach (var type in old)
        {
            _byPath.Remove((type.GroupVersion, type.Plural));
            _byKind.Remove((type.GroupVersion, type.Kind));
        }

        Revision++;
    }

    /// <summary>Group names with their versions, preferred (first registered) version first.</summary>
    public IReadOnlyList<(string Group, IReadOnlyList<string> Versions)> Groups()
    {
        var order = new List<string>();
        var versions = new Dictionary<string, List<string>>();
        foreach (var type in _byPath.Values)
        {
            if (!versions.TryGetValue(type.Group, out var list))
            {
                versions[type.Group] = list = [];
                order.Add(type.Group);
            }

            if (!list.Contains(type.Version))
            {
                list.Add(type.Version);
            }
        }

        return [.. order.Select(g => (g, (IReadOnlyList<string>)versions[g]))];
    }

    private void Add(ResourceType type)
    {
        _byPath[(type.GroupVersion, type.Plural)] = type;
        _byKind[(type.GroupVersion, type.Kind)] = type;
        Revision++;
    }
}
