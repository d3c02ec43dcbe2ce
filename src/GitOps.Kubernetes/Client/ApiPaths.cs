using System.Text;

namespace GitOps.Kubernetes.Client;

/// <summary>REST paths and query strings for resources (the core group under /api, the others under /apis).</summary>
internal static class ApiPaths
{
    /// <summary>/api/v1[/namespaces/{ns}]/{plural} or /apis/{g}/{v}[/namespaces/{ns}]/{plural}.</summary>
    public static StringBuilder Collection(ApiResource resource, string? ns)
    {
        var builder = new StringBuilder(128).Append(resource.Gvk.Group.Length == 0 ? "/api/" : "/apis/").Append(resource.Gvk.ApiVersion);
        if (ns is not null)
        {
            builder.Append("/namespaces/").Append(Uri.EscapeDataString(ns));
        }

        return builder.Append('/').Append(resource.Plural);
    }

    /// <summary>The collection path plus /{name}.</summary>
    public static StringBuilder Item(ApiResource resource, string? ns, string name) =>
        Collection(resource, ns).Append('/').Append(Uri.EscapeDataString(name));

    /// <summary>The path with its query parameters (null values are left out).</summary>
    public static string WithQuery(StringBuilder path, params ReadOnlySpan<(string Name, string? Value)> parameters)
    {
        var separator = '?';
        foreach (var (name, value) in parameters)
        {
            if (value is not null)
            {
                path.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
                separator = '&';
            }
        }

        return path.ToString();
    }
}
