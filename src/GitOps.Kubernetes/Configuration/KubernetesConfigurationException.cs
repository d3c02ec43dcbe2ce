namespace GitOps.Kubernetes.Configuration;

/// <summary>A cluster's connection settings or kubeconfig are missing, invalid or unusable; the message names the setting or file.</summary>
public sealed class KubernetesConfigurationException : Exception
{
    /// <summary>Creates the exception with a message naming the problem.</summary>
    public KubernetesConfigurationException(string message) : base(message) { }

    /// <summary>Creates the exception with a message naming the problem and its cause.</summary>
    public KubernetesConfigurationException(string message, Exception? inner) : base(message, inner) { }

    /// <summary>Creates the exception with a generic message.</summary>
    public KubernetesConfigurationException() : base("invalid Kubernetes connection settings") { }
}
