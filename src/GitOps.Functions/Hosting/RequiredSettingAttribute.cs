namespace GitOps.Functions.Hosting;

/// <summary>Marks an options property whose app setting a deployment must set (infra/main.bicep is checked against these).</summary>
/// <remarks>The name is the app setting as Azure writes it (double underscores between sections).</remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Class, AllowMultiple = true)]
public sealed class RequiredSettingAttribute(string appSetting) : Attribute
{
    /// <summary>The app setting name, for example GitOps__DriftSchedule.</summary>
    public string AppSetting { get; } = appSetting;
}
