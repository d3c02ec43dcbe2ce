using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace GitOps.Kubernetes.Configuration.Kubeconfig;

/// <summary>Reads a kubeconfig file into <see cref="KubeconfigModel"/>.</summary>
public static class KubeconfigLoader
{
    private const long MaxBytes = 4 * 1024 * 1024;

    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .IgnoreUnmatchedProperties()
        .Build();

    /// <summary>Loads and parses a kubeconfig file; the error names the file.</summary>
    public static KubeconfigModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string text;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxBytes)
            {
                throw new KubernetesConfigurationException($"kubeconfig '{path}' is larger than {MaxBytes} bytes");
            }

            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KubernetesConfigurationException($"cannot read kubeconfig '{path}': {e.Message}", e);
        }

        return Parse(text, path);
    }

    /// <summary>Parses kubeconfig YAML; <paramref name="source"/> names it in errors.</summary>
    public static KubeconfigModel Parse(string yaml, string source)
    {
        try
        {
            return Deserializer.Deserialize<KubeconfigModel?>(yaml) ?? new KubeconfigModel();
        }
        catch (YamlException e)
        {
            throw new KubernetesConfigurationException($"kubeconfig '{source}' is not valid YAML at line {e.Start.Line}: {e.Message}", e);
        }
    }
}
