namespace GitOps.Engine.Secrets.Sops;

/// <summary>A SOPS file is malformed, fails its MAC, or no configured key opens it. The message names the problem and the key, never key material or plaintext.</summary>
public sealed class SopsException : Exception
{
    public SopsException(string message) : base(message)
    {
    }

    public SopsException(string message, Exception inner) : base(message, inner)
    {
    }

    public SopsException()
    {
    }
}
