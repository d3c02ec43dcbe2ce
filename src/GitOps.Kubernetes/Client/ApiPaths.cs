using System.Text;

namespace GitOps.Kubernetes.Client;

/// <summary>Builds REST paths and query strings for resources.</summary>
internal static class ApiPaths
{
    /// <summary>/api/v1[/namespaces/{ns}]/{plural} or /apis/{g}/{v}[/namespaces/{ns}]/{plural}.</summary>
    public static string Collection(ApiResource resource, string? ns)
    {
        var builder = new StringBuilder(resource.Gvk.Group.Length == 0 ? "/api/" : "/apis/").Append(resource.Gvk.ApiVersion);
        if (resource.Namespaced && ns is not null)
        {
            builder.Append("/namespaces/").Append(Uri.EscapeDataString(ns));
        }

        return builder.Append('/').Append(resource.Plural).ToString();
    }

    /// <summary>The collection path plus /{name}.</summary>
    public static string Item(ApiResource resource, string? ns, string name) =>
        $"{Collection(resource, ns)}/{Uri.EscapeDataString(name)}";

    /// <summary>Appends query parameters (null values are skipped).</summary>
    public static string WithQuery(string path, params (string Name, string? Value)[] parameters)
    {
        var builder = new StringBuilder(path);
        var separator = '?';
        foreach (var (name, value) in parameters)
        {
            if (value is null)
            {
                continue;
            }

            builder.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        return builder.ToString();
    }
}
