namespace GitOps.Storage.Accounts;

/// <summary>
/// Says what is wrong with a connection string the SDK refused: its parser only answers "no valid combination of account
/// information", which names neither the part nor the fix. The SDK stays the parser; this only explains, and never
/// echoes a value (a key or a signature).
/// </summary>
internal static class ConnectionStringProblem
{
    private static readonly HashSet<string> KnownSettings = new(StringComparer.OrdinalIgnoreCase)
    {
        "DefaultEndpointsProtocol", "AccountName", "AccountKey", "SharedAccessSignature", "EndpointSuffix", "UseDevelopmentStorage",
        "DevelopmentStorageProxyUri", "BlobEndpoint", "QueueEndpoint", "TableEndpoint", "FileEndpoint",
        "BlobSecondaryEndpoint", "QueueSecondaryEndpoint", "TableSecondaryEndpoint", "FileSecondaryEndpoint",
    };

    /// <summary>The first problem found, as a phrase; null when none of the known mistakes is found.</summary>
    public static string? Find(string connectionString)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return "the connection string has a part without 'name=value'";
            }

            var name = part[..equals].Trim();
            if (!KnownSettings.Contains(name))
            {
                return $"the connection string has an unknown setting '{(name.Length <= 40 ? name : name[..40])}'";
            }

            settings[name] = part[(equals + 1)..].Trim();
        }

        if (settings.TryGetValue("UseDevelopmentStorage", out var development))
        {
            return string.Equals(development, "true", StringComparison.OrdinalIgnoreCase)
                ? null
                : "UseDevelopmentStorage is set, but the only supported value is 'true'";
        }

        if (!settings.ContainsKey("AccountName") && !settings.ContainsKey("SharedAccessSignature"))
        {
            return "AccountName is missing";
        }

        if (settings.TryGetValue("AccountKey", out var key))
        {
            return IsBase64(key) ? null : "the connection string has an AccountKey that is not valid base64";
        }

        return settings.ContainsKey("SharedAccessSignature") ? null : "the connection string has neither AccountKey nor SharedAccessSignature";
    }

    private static bool IsBase64(string value)
    {
        var buffer = new byte[value.Length];
        return value.Length > 0 && Convert.TryFromBase64String(value, buffer, out _);
    }
}
