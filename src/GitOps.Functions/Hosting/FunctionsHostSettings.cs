namespace GitOps.Functions.Hosting;

/// <summary>Settings the Functions host itself needs to run this app (declared here so the template is checked).</summary>
/// <remarks>
/// The host also uses AzureWebJobsStorage for its own blobs (keys, timer monitor, singleton locks), hence the blob endpoint and the
/// credential kind of the identity-based connection. On Flex Consumption the runtime (dotnet-isolated 10.0) is part of the
/// site's functionAppConfig, not an app setting.
/// </remarks>
[RequiredSetting("AzureWebJobsStorage__blobServiceUri")]
[RequiredSetting("AzureWebJobsStorage__credential")]
public static class FunctionsHostSettings;
