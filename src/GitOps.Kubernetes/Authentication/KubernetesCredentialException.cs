namespace GitOps.Kubernetes.Authentication;

/// <summary>A credential could not be obtained (exec plugin failed, token file unreadable, Entra ID error); the message names the source.</summary>
public sealed class KubernetesCredentialException : Exception
{
    /// <summary>Creates the exception with a message naming the credential source.</summary>
    public KubernetesCredentialException(string message) : base(message) { }

    /// <summary>Creates the exception with a message naming the credential source and its cause.</summary>
    public KubernetesCredentialException(string message, Exception? inner) : base(message, inner) { }

    /// <summary>Creates the exception with a generic message.</summary>
    public KubernetesCredentialException() : base("cannot obtain Kubernetes credentials") { }
}
