namespace GitOps.Storage.Accounts;

/// <summary>A parsed Azure Storage connection string: endpoints and credentials (the key is never printed).</summary>
public sealed record StorageConnectionString
{
    /// <summary>The development account's name.</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    // Microsoft's documented, public development-storage key.
    private const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly HashSet<string> KnownKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "UseDevelopmentStorage", "DevelopmentStorageProxyUri", "DefaultEndpointsProtocol", "AccountName", "AccountKey",
        "EndpointSuffix", "QueueEndpoint", "TableEndpoint", "BlobEndpoint", "FileEndpoint", "SharedAccessSignature",
        "QueueSecondaryEndpoint", "TableSecondaryEndpoint", "BlobSecondaryEndpoint", "FileSecondaryEndpoint",
    };

    /// <summary>The Queue service endpoint.</summary>
    public required Uri QueueEndpoint { get; init; }

    /// <summary>The Table service endpoint.</summary>
    public required Uri TableEndpoint { get; init; }

    /// <summary>The account name, when the string names one.</summary>
    public string? AccountName { get; init; }

    /// <summary>The decoded account key, or null when the string uses a SAS.</summary>
    public byte[]? AccountKey { get; init; }

    /// <summary>The shared access signature (query string without '?'), or null.</summary>
    public string? SharedAccessSignature { get; init; }

    /// <summary>Describes the string without secrets.</summary>
    public override string ToString() =>
        $"Queue={QueueEndpoint}; Table={TableEndpoint}; Account={AccountName ?? "(none)"}; Auth={(AccountKey is not null ? "SharedKey" : "SAS")}";

    /// <summary>Parses a connection string; a <see cref="FormatException"/> names what is wrong (never the key).</summary>
    /// <param name="connectionString">The connection string.</param>
    /// <param name="settingName">The setting it came from, used in error messages (for example AzureWebJobsStorage).</param>
    public static StorageConnectionString Parse(string? connectionString, string settingName = "The storage connection string")
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new FormatException($"{settingName} is empty: set it to 'UseDevelopmentStorage=true' or 'DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…'.");
        }

        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in connectionString.Split(';'))
        {
            var part = segment.Trim();
            if (part.Length == 0)
            {
                continue;
            }

            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                var name = eq == 0 ? "(empty name)" : part.Length > 24 ? part[..24] + "…" : part;
                throw new FormatException($"{settingName} has a part without 'name=value' ({(LooksSecret(part) ? "a value that looks like a key" : name)}).");
            }

            var key = part[..eq].Trim();
            var value = part[(eq + 1)..].Trim();
            if (!KnownKeys.Contains(key))
            {
                // A stray key or signature fragment can look like a name: only short, letters-only names are echoed.
                var shown = key.Length <= 32 && key.All(char.IsAsciiLetter) ? $"'{key}'" : "(name not shown: it may be part of a secret)";
                throw new FormatException($"{settingName} has an unknown setting {shown}.");
            }

            if (!settings.TryAdd(key, value))
            {
                throw new FormatException($"{settingName} sets '{key}' twice.");
            }
        }

        return settings.TryGetValue("UseDevelopmentStorage", out var dev)
            ? Development(settings, dev, settingName)
            : Account(settings, settingName);
    }

    private static StorageConnectionString Development(Dictionary<string, string> settings, string dev, string settingName)
    {
        if (!string.Equals(dev, "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"{settingName} has UseDevelopmentStorage='{dev}'; the only supported value is 'true'.");
        }

        var host = "http://127.0.0.1";
        if (settings.TryGetValue("DevelopmentStorageProxyUri", out var proxy))
        {
            var proxyUri = AbsoluteHttpUri(proxy, "DevelopmentStorageProxyUri", settingName);
            host = $"{proxyUri.Scheme}://{proxyUri.Host}";
        }

        return new StorageConnectionString
        {
            AccountName = DevelopmentAccountName,
            AccountKey = Convert.FromBase64String(DevelopmentAccountKey),
            QueueEndpoint = new Uri($"{host}:10001/{DevelopmentAccountName}"),
            TableEndpoint = new Uri($"{host}:10002/{DevelopmentAccountName}"),
        };
    }

    private static StorageConnectionString Account(Dictionary<string, string> settings, string settingName)
    {
        settings.TryGetValue("AccountName", out var accountName);
        settings.TryGetValue("AccountKey", out var accountKey);
        settings.TryGetValue("SharedAccessSignature", out var sas);
        var protocol = settings.TryGetValue("DefaultEndpointsProtocol", out var p) ? p.ToLowerInvariant() : "https";
        if (protocol is not ("http" or "https"))
        {
            throw new FormatException($"{settingName} has DefaultEndpointsProtocol='{p}'; use 'https' (or 'http' for a local emulator).");
        }

        var suffix = settings.TryGetValue("EndpointSuffix", out var s) && s.Length > 0 ? s : "core.windows.net";
        if (accountName is not null && !IsAccountName(accountName))
        {
            throw new FormatException($"{settingName} has AccountName='{accountName}', which is not a storage account name (3-24 lowercase letters and digits).");
        }

        Uri Endpoint(string key, string service)
        {
            if (settings.TryGetValue(key, out var explicitEndpoint))
            {
                return AbsoluteHttpUri(explicitEndpoint, key, settingName);
            }

            return accountName is not null
                ? new Uri($"{protocol}://{accountName}.{service}.{suffix}")
                : throw new FormatException($"{settingName} has neither {key} nor AccountName, so the {service} endpoint is unknown.");
        }

        byte[]? key = null;
        if (accountKey is not null)
        {
            if (accountName is null)
            {
                throw new FormatException($"{settingName} has AccountKey but no AccountName.");
            }

            try
            {
                key = Convert.FromBase64String(accountKey);
            }
            catch (FormatException ex)
            {
                throw new FormatException($"{settingName} has an AccountKey that is not valid base64 (value not shown).", ex);
            }

            if (key.Length == 0)
            {
                throw new FormatException($"{settingName} has an empty AccountKey.");
            }
        }
        else if (string.IsNullOrEmpty(sas))
        {
            throw new FormatException($"{settingName} has neither AccountKey nor SharedAccessSignature; use managed identity (Entra ID) settings instead if the app has no key.");
        }

        return new StorageConnectionString
        {
            AccountName = accountName,
            AccountKey = key,
            SharedAccessSignature = key is null ? sas!.TrimStart('?') : null,
            QueueEndpoint = Endpoint("QueueEndpoint", "queue"),
            TableEndpoint = Endpoint("TableEndpoint", "table"),
        };
    }

    private static Uri AbsoluteHttpUri(string value, string key, string settingName) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && string.IsNullOrEmpty(uri.Query)
            ? uri
            : throw new FormatException($"{settingName} has {key}='{value}', which is not an absolute http(s) URL without a query.");

    private static bool IsAccountName(string name) =>
        name.Length is >= 3 and <= 24 && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9'));

    private static bool LooksSecret(string part) => part.Length >= 20;
}
