using System.Security.Cryptography;
using System.Text;

namespace GitOps.Engine.Inventory;

/// <summary>Computes kubectl's ApplySet id for a parent object.</summary>
public static class ApplySetId
{
    /// <summary>"applyset-" + base64url-no-padding(sha256("name.namespace.Kind.group")) + "-v1".</summary>
    public static string For(string name, string? ns, string kind, string group)
    {
        var input = $"{name}.{ns}.{kind}.{group}";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(input));
        var b64 = Convert.ToBase64String(hash).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"applyset-{b64}-v1";
    }

    /// <summary>The id of a Secret parent.</summary>
    public static string ForSecret(string name, string ns) => For(name, ns, "Secret", "");
}
