namespace GitOps.Engine.Secrets.Age;

/// <summary>An age file could not be read or opened; the message never holds key material or plaintext.</summary>
public sealed class AgeException : Exception
{
    public AgeException(string message) : base(message)
    {
    }

    public AgeException(string message, Exception inner) : base(message, inner)
    {
    }

    public AgeException()
    {
    }
}
