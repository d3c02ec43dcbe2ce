namespace GitOps.Kubernetes.Http;

/// <summary>
/// The verb and resource of an API request, read from the request itself (KubernetesClient builds it): for metrics, logs
/// and the retry rules. Only a POST (create) is not idempotent.
/// </summary>
internal readonly record struct RequestLabel(string Verb, string Resource)
{
    public static RequestLabel Of(HttpRequestMessage request)
    {
        var segments = request.RequestUri?.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
        // [/{server path}]/api/{v}/... or /apis/{g}/{v}/...: what follows the group-version names the resource.
        var root = Array.FindIndex(segments, s => s is "api" or "apis");
        segments = root > 0 ? segments[root..] : segments;
        var prefix = segments.Length > 0 && segments[0] == "api" ? 2 : 3;
        var rest = segments.Length > prefix ? segments[prefix..] : [];
        if (rest.Length == 0)
        {
            return new("discovery", string.Join('/', segments.Skip(1)));
        }

        var namespaced = rest.Length >= 3 && rest[0] == "namespaces";
        var resource = namespaced ? rest[2] : rest[0];
        var isItem = namespaced ? rest.Length >= 4 : rest.Length >= 2;
        var method = request.Method.Method;
        var verb = method switch
        {
            "GET" => isItem ? "get" : "list",
            "POST" => "create",
            "PUT" => "update",
            "DELETE" => "delete",
            "PATCH" => request.Content?.Headers.ContentType?.MediaType == "application/apply-patch+yaml" ? "apply" : "patch",
            _ => method.ToLowerInvariant(),
        };
        return new(verb, resource);
    }

    /// <summary>Whether repeating the request cannot do more than sending it once did.</summary>
    public bool Idempotent => Verb != "create";
}
