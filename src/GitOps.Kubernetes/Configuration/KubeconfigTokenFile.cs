using YamlDotNet.Serialization;

namespace GitOps.Kubernetes.Configuration;

/// <summary>
/// Reads one field KubernetesClient's kubeconfig model lacks: a user's <c>tokenFile</c> (kubectl's bearer token file,
/// re-read as it rotates). Everything else in the kubeconfig is KubernetesClient's to read.
/// </summary>
internal static class KubeconfigTokenFile
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder().IgnoreUnmatchedProperties().Build();

    /// <summary>The full path of the named user's token file, relative paths taken from the kubeconfig's folder; null when it has none.</summary>
    public static string? Of(string kubeconfigPath, string userName)
    {
        var file = Yaml.Deserialize<KubeconfigFile?>(File.ReadAllText(kubeconfigPath));
        var tokenFile = file?.Users?.FirstOrDefault(u => string.Equals(u.Name, userName, StringComparison.OrdinalIgnoreCase))?.User?.TokenFile;
        return string.IsNullOrWhiteSpace(tokenFile) ? null
            : Path.GetFullPath(tokenFile, Path.GetDirectoryName(Path.GetFullPath(kubeconfigPath))!);
    }

    private sealed class KubeconfigFile
    {
        [YamlMember(Alias = "users")]
        public List<NamedUser>? Users { get; set; }
    }

    private sealed class NamedUser
    {
        [YamlMember(Alias = "name")]
        public string? Name { get; set; }

        [YamlMember(Alias = "user")]
        public UserFields? User { get; set; }
    }

    private sealed class UserFields
    {
        [YamlMember(Alias = "tokenFile")]
        public string? TokenFile { get; set; }
    }
}
