using GitOps.Storage.Accounts;
using Microsoft.Extensions.Options;

namespace GitOps.Functions.Hosting;

/// <summary>Checks <see cref="StorageOptions"/> at startup; every message names the setting.</summary>
public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ConnectionString is { } connectionString)
        {
            try
            {
                StorageConnectionString.Parse(connectionString, "the connection string");
                return ValidateOptionsResult.Success;
            }
            catch (FormatException ex)
            {
                // The parser's messages never include the key.
                return ValidateOptionsResult.Fail($"{StorageOptions.SettingName} is malformed: {ex.Message}");
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
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckEndpoint(string? value, string key, List<string> failures)
    {
        var setting = $"{StorageOptions.SettingName}__{key}";
        if (value is null)
        {
            failures.Add($"{setting} is missing (identity-based storage needs both queueServiceUri and tableServiceUri).");
        }
        else if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{setting} is malformed: '{value}' is not an absolute http(s) URL.");
        }
    }
}
