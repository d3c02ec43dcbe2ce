using Microsoft.Extensions.Options;

namespace GitOps.Functions.Hosting;

/// <summary>Checks <see cref="StorageOptions"/> at startup; every message names the setting and never shows a key.</summary>
public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ConnectionString is not null)
        {
            try
            {
                // Parses the string exactly as the SDK clients (and the Functions host) will; nothing touches the network.
                StorageRegistration.CreateAccount(options);
                return ValidateOptionsResult.Success;
            }
            catch (FormatException ex)
            {
                return ValidateOptionsResult.Fail(ex.Message);
            }
        }

        if (options.QueueServiceUri is null && options.TableServiceUri is null)
        {
            return ValidateOptionsResult.Fail(
                $"{StorageOptions.SettingName} is missing: set a connection string (UseDevelopmentStorage=true for Azurite) or " +
                $"{StorageOptions.SettingName}__queueServiceUri and {StorageOptions.SettingName}__tableServiceUri for a managed identity.");
        }

        var failures = new List<string>();
        CheckEndpoint(options.QueueServiceUri, "queueServiceUri", failures);
        CheckEndpoint(options.TableServiceUri, "tableServiceUri", failures);
        if (options.Credential is { } credential && !string.Equals(credential, StorageOptions.ManagedIdentityCredential, StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"{StorageOptions.SettingName}__credential is '{credential}'; the supported value is '{StorageOptions.ManagedIdentityCredential}' (or leave it unset for the default credential chain).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckEndpoint(string? value, string key, List<string> failures)
    {
        var setting = $"{StorageOptions.SettingName}__{key}";
        if (value is null)
        {
            failures.Add($"{setting} is missing (identity-based storage needs both queueServiceUri and tableServiceUri).");
        }
        else if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || !string.IsNullOrEmpty(uri.Query))
        {
            failures.Add($"{setting} is malformed: '{value}' is not an absolute https URL without a query (tokens never travel over plain http).");
        }
    }
}
