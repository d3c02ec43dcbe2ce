using System.Text.Json.Nodes;

namespace GitOps.Kubernetes;

/// <summary>A Kubernetes group, version and kind; the core group is the empty string.</summary>
public readonly record struct GroupVersionKind(string Group, string Version, string Kind)
{
    /// <summary>The apiVersion as written in manifests ("v1", "apps/v1").</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>Builds a GVK from a manifest's apiVersion and kind.</summary>
    public static GroupVersionKind From(string apiVersion, string kind)
    {
        ArgumentNullException.ThrowIfNull(apiVersion);
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? new("", apiVersion, kind) : new(apiVersion[..slash], apiVersion[(slash + 1)..], kind);
    }

    /// <summary>Reads apiVersion and kind from an object; throws when either is missing.</summary>
    public static GroupVersionKind Of(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var apiVersion = obj["apiVersion"]?.GetValue<string>() ?? throw new ArgumentException("object has no apiVersion");
        var kind = obj["kind"]?.GetValue<string>() ?? throw new ArgumentException("object has no kind");
        return From(apiVersion, kind);
    }

    public override string ToString() => $"{ApiVersion}, Kind={Kind}";
}
