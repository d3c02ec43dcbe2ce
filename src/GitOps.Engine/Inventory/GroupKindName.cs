using GitOps.Kubernetes;

namespace GitOps.Engine.Inventory;

/// <summary>Formats and parses the "Kind.group" names of the contains-group-kinds annotation (core kinds bare).</summary>
public static class GroupKindName
{
    /// <summary>"Deployment.apps" or "ConfigMap".</summary>
    public static string Format(string group, string kind) => group.Length == 0 ? kind : $"{kind}.{group}";

    /// <summary>Splits "Kind.group" into (group, kind); the first dot separates them.</summary>
    public static (string Group, string Kind) Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var dot = value.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? ("", value) : (value[(dot + 1)..], value[..dot]);
    }

    /// <summary>The "Kind.group" of an object reference.</summary>
    public static string Of(ObjectRef obj) => Format(obj.Group, obj.Kind);
}
