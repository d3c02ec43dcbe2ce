namespace GitOps.Functions.Hosting;

/// <summary>Settings the Functions host itself needs to run this app as a custom handler (declared here so the template is checked).</summary>
/// <remarks>
/// The host also uses AzureWebJobsStorage for its own blobs (keys, timer monitor, singleton locks), hence the blob endpoint and the
/// credential kind of the identity-based connection.
/// </remarks>
[RequiredSetting("FUNCTIONS_EXTENSION_VERSION")]
[RequiredSetting("FUNCTIONS_WORKER_RUNTIME")]
[RequiredSetting("AzureWebJobsStorage__blobServiceUri")]
[RequiredSetting("AzureWebJobsStorage__credential")]
public static class FunctionsHostSettings
{
    /// <summary>The worker runtime value for custom handlers.</summary>
    public const string WorkerRuntime = "custom";
}
