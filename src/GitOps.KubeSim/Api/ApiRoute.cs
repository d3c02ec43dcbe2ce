namespace GitOps.KubeSim.Api;

/// <summary>A request path resolved against the catalog: discovery, or a resource with namespace, name and subresource.</summary>
internal sealed record ApiRoute(ResourceType? Type, string? Namespace, string? Name, string? Subresource, string? DiscoveryPath)
{
    public static ApiRoute Parse(string path, ResourceCatalog catalog)
    {
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        string groupVersion;
        int rest;
        if (segments.Length >= 2 && segments[0] == "api")
        {
            groupVersion = segments[1];
            rest = 2;
        }
        else if (segments.Length >= 3 && segments[0] == "apis")
        {
            groupVersion = segments[1] + "/" + segments[2];
            rest = 3;
        }
        else
        {
            return new ApiRoute(null, null, null, null, "/" + string.Join('/', segments));
        }

        if (segments.Length == rest)
        {
            return new ApiRoute(null, null, null, null, "/" + string.Join('/', segments));
        }

        var tail = segments[rest..];
        if (tail.Length >= 3 && tail[0] == "namespaces" && catalog.Find(groupVersion, tail[2]) is { Namespaced: true } namespaced)
        {
            return tail.Length > 5
                ? throw ApiError.NotFoundPath(path)
                : new ApiRoute(namespaced, tail[1], tail.ElementAtOrDefault(3), tail.ElementAtOrDefault(4), null);
        }

        var type = catalog.Find(groupVersion, tail[0]) ?? throw ApiError.NotFoundPath(path);
        if (tail.Length > 3 || (type.Namespaced && tail.Length > 1))
        {
            throw ApiError.NotFoundPath(path);
        }

        var sub = tail.ElementAtOrDefault(2);
        if (sub is not null && !((sub == "status" && type.HasStatus) || (sub == "scale" && type.HasScale) || (sub == "finalize" && type.Kind == "Namespace")))
        {
            throw ApiError.NotFoundPath(path);
        }

        return new ApiRoute(type, null, tail.ElementAtOrDefault(1), sub, null);
    }
}
