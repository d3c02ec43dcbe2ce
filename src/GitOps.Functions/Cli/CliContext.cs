using GitOps.Functions.Hosting;
using GitOps.Functions.Status;
using GitOps.Storage;
using GitOps.Storage.Accounts;
using Microsoft.Extensions.Configuration;

namespace GitOps.Functions.Cli;

/// <summary>What a data verb works with: its writers, its settings, and the storage account or remote status API.</summary>
public sealed class CliContext
{
    private readonly string? storageOverride;

    internal CliContext(TextWriter output, TextWriter error, OutputFormat format, string? storage, Uri? url, string? token)
    {
        Output = new CliOutput(output, format);
        Error = error;
        storageOverride = storage;
        RemoteUrl = url;
        RemoteToken = token;
        Configuration = CliSettings.Build();
    }

    /// <summary>Where results go.</summary>
    public CliOutput Output { get; }

    /// <summary>Where errors go.</summary>
    public TextWriter Error { get; }

    /// <summary>Environment, local.settings.json and injected settings.</summary>
    public IConfiguration Configuration { get; }

    /// <summary>The remote status API base (…/api), when --url was given.</summary>
    public Uri? RemoteUrl { get; }

    /// <summary>The remote API's key or token.</summary>
    public string? RemoteToken { get; }

    /// <summary>The storage endpoint shown in connection errors (no credentials), once known.</summary>
    internal string? StorageEndpoint { get; private set; }

    /// <summary>Opens the storage account from --storage or AzureWebJobsStorage; a missing or malformed setting is exit 2.</summary>
    public StorageAccount OpenStorage()
    {
        // The CLI answers a person: fail fast on an unreachable account instead of retrying for half a minute.
        var clientOptions = new StorageClientOptions { MaxRetries = 1, RetryDelay = TimeSpan.FromMilliseconds(200), NetworkTimeout = TimeSpan.FromSeconds(20) };
        var settingName = storageOverride is null ? StorageOptions.SettingName : "--storage";
        var options = storageOverride is null ? StorageOptions.Read(Configuration) : new StorageOptions { ConnectionString = storageOverride };
        if (options.ConnectionString is null && options.QueueServiceUri is null && options.TableServiceUri is null)
        {
            throw new CliException(ExitCodes.UsageOrConfiguration,
                $"configuration error: {StorageOptions.SettingName} is not set (environment or local.settings.json); pass --storage or --url");
        }

        try
        {
            var account = StorageRegistration.CreateAccount(options, clientOptions, settingName);
            StorageEndpoint = account.Endpoint;
            return account;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            throw new CliException(ExitCodes.UsageOrConfiguration, $"configuration error: {ex.Message}", ex);
        }
    }

    /// <summary>The status reader: storage, or the remote API when --url was given.</summary>
    internal IStatusSource OpenStatus() => RemoteUrl is { } url
        ? new RemoteStatusSource(url, RemoteToken)
        : new StorageStatusSource(StatusStores.CreateReader(OpenStorage()));

    /// <summary>Refuses --url for verbs that change state (the status API is read-only).</summary>
    internal void RequireStorage(string verb)
    {
        if (RemoteUrl is not null)
        {
            throw new CliException(ExitCodes.UsageOrConfiguration, $"'{verb}' needs storage access; the status API behind --url is read-only");
        }
    }
}
