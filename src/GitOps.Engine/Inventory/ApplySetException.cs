namespace GitOps.Engine.Inventory;

/// <summary>The ApplySet parent cannot be used (owned by another tool, wrong id); never retried.</summary>
public sealed class ApplySetException : Exception
{
    public ApplySetException(string message) : base(message) { }
    public ApplySetException(string message, Exception inner) : base(message, inner) { }
    public ApplySetException() { }
}
