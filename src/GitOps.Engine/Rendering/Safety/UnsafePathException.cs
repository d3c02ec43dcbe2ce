namespace GitOps.Engine.Rendering.Safety;

/// <summary>A repository path would leave its allowed folder (absolute, "..", or a symlink pointing outside) or exceeds a walk bound.</summary>
public sealed class UnsafePathException : Exception
{
    public UnsafePathException(string message) : base(message) { }

    public UnsafePathException(string message, Exception inner) : base(message, inner) { }

    public UnsafePathException() { }
}
