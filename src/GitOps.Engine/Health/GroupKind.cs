namespace GitOps.Engine.Health;

/// <summary>An API group and kind (no version): the key health rules are registered under.</summary>
public readonly record struct GroupKind(string Group, string Kind)
{
    /// <summary>"Kind.group", or "Kind" for the core group.</summary>
    public override string ToString() => Group.Length == 0 ? Kind : $"{Kind}.{Group}";
}
