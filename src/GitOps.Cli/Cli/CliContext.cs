using GitOps.Engine.Configuration;
using GitOps.Engine.Sources;
using GitOps.Functions.Hosting;
using GitOps.Functions.Status;
using GitOps.Storage;
using GitOps.Storage.Accounts;
using Microsoft.Extensions.Configuration;

namespace GitOps.Cli;

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

    /// <summary>The sources, clusters and their allow-lists (section GitOps), as `serve` reads them.</summary>
    public GitOpsOptions GitOps() => Configuration.GetSection(GitOpsOptions.SectionName).Get<GitOpsOptions>() ?? new GitOpsOptions();

    /// <summary>The git executable and cache folder (section GitOps:Git), as `serve` reads them; a bad value is exit 2.</summary>
    public GitFetcherOptions GitFetcher()
    {
        var options = Configuration.GetSection("GitOps:Git").Get<GitFetcherOptions>() ?? new GitFetcherOptions();
        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new CliException(ExitCodes.UsageOrConfiguration, $"configuration error: {ex.Message}", ex);
        }

        return options;
    }

    /// <summary>The --storage connection string, when given.</summary>
    internal string? StorageOverride => storageOverride;

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
